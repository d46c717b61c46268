import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../test/support';
import { OffsetStore } from './offset-store';

describe('OffsetStore', () => {
  it('keeps the latest commit per partition across reopen, ignoring a torn last line', () => {
    const dir = tempDir();
    const store = new OffsetStore(dir, false);
    store.commit('g', [{ topic: 't', partition: 0, offset: 5, metadata: null }]);
    store.commit('g', [
      { topic: 't', partition: 0, offset: 9, metadata: 'm' },
      { topic: 't', partition: 1, offset: 2, metadata: null },
    ]);
    store.commit('other', [{ topic: 'u', partition: 0, offset: 1, metadata: null }]);
    store.deleteGroup('other');
    store.close();
    fs.appendFileSync(path.join(dir, 'groups', 'offsets.jsonl'), '{"g":"g","o":[["t",0,');

    const reopened = new OffsetStore(dir, false);
    expect(reopened.get('g', 't', 0)).toEqual({ topic: 't', partition: 0, offset: 9, metadata: 'm' });
    expect(reopened.get('g', 't', 1)?.offset).toBe(2);
    expect(reopened.groupIds()).toEqual(['g']);
    reopened.deleteTopic('t');
    expect(reopened.all('g')).toEqual([]);
    reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
