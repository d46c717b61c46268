import { mapNodes, toConnection } from './connection';

const cursorOf = (id: string) => `cursor:${id}`;

describe('keyset connections', () => {
  it('uses the extra fetched row only to say there is a next page', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toConnection(
      rows,
      2,
      (r) => cursorOf(r.id),
      (r) => r.id.toUpperCase(),
    );
    expect(page.edges.map((e) => e.node)).toEqual(['A', 'B']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: cursorOf('b') });
    expect(
      toConnection(
        rows.slice(0, 2),
        2,
        (r) => cursorOf(r.id),
        (r) => r,
      ).pageInfo.hasNextPage,
    ).toBe(false);
    expect(
      toConnection(
        [],
        2,
        (r: { id: string }) => cursorOf(r.id),
        (r) => r,
      ).pageInfo,
    ).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('encodes a cursor only when it is read, and keeps it through mapNodes', () => {
    const read: string[] = [];
    const page = toConnection(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      2,
      (r) => (read.push(r.id), cursorOf(r.id)),
      (r) => r,
    );
    const mapped = mapNodes(page, (r) => r.id.toUpperCase());
    expect(mapped.edges.map((e) => e.node)).toEqual(['A', 'B']);
    expect(read).toEqual([]);
    expect(mapped.edges.map((e) => e.cursor)).toEqual([cursorOf('a'), cursorOf('b')]);
    expect(mapped.pageInfo).toEqual({ hasNextPage: true, endCursor: cursorOf('b') });
    expect(read).toEqual(['a', 'b']);
  });
});
