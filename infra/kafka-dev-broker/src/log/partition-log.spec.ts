import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBatchHeader } from '../protocol/record-batch';
import { recordBatch, tempDir } from '../../test/support';
import { PartitionLog } from './partition-log';

function append(log: PartitionLog, values: string[], extra: Parameters<typeof recordBatch>[0] = { values }): number {
  const batch = recordBatch({ ...extra, values });
  return log.append(batch, readBatchHeader(batch));
}

describe('PartitionLog', () => {
  it('assigns consecutive offsets and reads whole batches from any offset inside them', () => {
    const log = new PartitionLog({ file: null, fsync: false });
    expect(append(log, ['a', 'b', 'c'])).toBe(0);
    expect(append(log, ['d'])).toBe(3);
    expect(log.highWatermark).toBe(4);
    const fromMiddle = log.read(1, 1_000_000, true);
    expect(fromMiddle.map((b) => readBatchHeader(b).baseOffset)).toEqual([0, 3]);
    expect(log.read(4, 1_000_000, true)).toEqual([]);
  });

  it('recovers its index and idempotence state from the file, cutting off a torn tail', () => {
    const dir = tempDir();
    const file = path.join(dir, '0.log');
    const log = new PartitionLog({ file, fsync: false });
    append(log, ['a', 'b'], { values: [], producerId: 42, baseSequence: 0 });
    append(log, ['c'], { values: [], producerId: 42, baseSequence: 2 });
    log.close();
    const intact = fs.statSync(file).size;
    // A crash mid-append leaves half a batch behind.
    fs.appendFileSync(file, recordBatch({ values: ['torn'] }).subarray(0, 30));

    const reopened = new PartitionLog({ file, fsync: false });
    expect(fs.statSync(file).size).toBe(intact);
    expect(reopened.highWatermark).toBe(3);
    // The producer's sequence survived: a retry of the last batch is recognised, the next one fits.
    const retry = recordBatch({ values: ['c'], producerId: 42, baseSequence: 2 });
    expect(reopened.producers.check(readBatchHeader(retry))).toEqual({ kind: 'duplicate', baseOffset: 2 });
    expect(append(reopened, ['d'], { values: [], producerId: 42, baseSequence: 3 })).toBe(3);
    reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops recovery at a batch whose CRC does not match', () => {
    const dir = tempDir();
    const file = path.join(dir, '0.log');
    const log = new PartitionLog({ file, fsync: false });
    append(log, ['a']);
    append(log, ['b']);
    log.close();
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0xff, bytes.length - 3);
    fs.writeFileSync(file, bytes);
    const reopened = new PartitionLog({ file, fsync: false });
    expect(reopened.highWatermark).toBe(1);
    reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
