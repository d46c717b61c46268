import { changesOf, fieldChanges } from './field-changes';

describe('changesOf', () => {
  it('reports each patched field with its value before and after, as JSON, in the patch order', () => {
    const before = { name: 'Acme', tier: null as number | null, tags: ['a'], at: new Date('2026-01-02T03:04:05Z'), kept: 'x' };
    const changes = changesOf(before, { tier: 1, tags: ['a', 'b'], name: 'Acme Corp', at: undefined });
    expect(changes).toEqual([
      { field: 'tier', old: null, new: 1 },
      { field: 'tags', old: ['a'], new: ['a', 'b'] },
      { field: 'name', old: 'Acme', new: 'Acme Corp' },
      { field: 'at', old: '2026-01-02T03:04:05.000Z', new: null },
    ]);
    expect(fieldChanges.parse(changes)).toEqual(changes);
  });
});
