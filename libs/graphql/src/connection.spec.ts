import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, mapNodes, toConnection } from './connection';

describe('keyset connections', () => {
  it('round-trips cursor values and refuses cursors of another shape', () => {
    const cursor = encodeCursor(['2026-11-23T12:00:00.000Z', 'a1']);
    expect(decodeCursor(cursor, 2)).toEqual(['2026-11-23T12:00:00.000Z', 'a1']);
    for (const bad of ['garbage', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url')]) {
      const err = (() => {
        try {
          decodeCursor(bad, 2);
        } catch (e) {
          return e as GraphQLError;
        }
        return null;
      })();
      expect(err?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });

  it('uses the extra fetched row only to say there is a next page', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toConnection(
      rows,
      2,
      (r) => [r.id],
      (r) => r.id.toUpperCase(),
    );
    expect(page.edges.map((e) => e.node)).toEqual(['A', 'B']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(['b']) });
    expect(
      toConnection(
        rows.slice(0, 2),
        2,
        (r) => [r.id],
        (r) => r,
      ).pageInfo.hasNextPage,
    ).toBe(false);
    expect(
      toConnection(
        [],
        2,
        (r: { id: string }) => [r.id],
        (r) => r,
      ).pageInfo,
    ).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('encodes a cursor only when it is read, and keeps it through mapNodes', () => {
    const read: string[] = [];
    const page = toConnection(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      2,
      (r) => (read.push(r.id), [r.id]),
      (r) => r,
    );
    const mapped = mapNodes(page, (r) => r.id.toUpperCase());
    expect(mapped.edges.map((e) => e.node)).toEqual(['A', 'B']);
    expect(read).toEqual([]);
    expect(mapped.edges.map((e) => e.cursor)).toEqual([encodeCursor(['a']), encodeCursor(['b'])]);
    expect(mapped.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(['b']) });
    expect(read).toEqual(['a', 'b']);
  });
});
