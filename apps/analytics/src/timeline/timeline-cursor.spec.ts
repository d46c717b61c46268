import { encodeCursor } from '@crm/graphql';
import type { GraphQLError } from 'graphql';
import { decodeTimelineCursor, timelineCursorValues } from './timeline-cursor';

const entry = { occurredAt: new Date('2031-02-03T04:05:06.789Z'), id: '0b8a4f8e-5b7c-4c0e-9a51-3f1f7f0c2d11' };

describe('timeline cursors', () => {
  it('round-trips (occurredAt, id) to the millisecond', () => {
    expect(decodeTimelineCursor(encodeCursor(timelineCursorValues(entry)))).toEqual(entry);
  });

  it.each([
    ['garbage', 'garbage'],
    ['three values', encodeCursor([entry.occurredAt.toISOString(), entry.id, 1])],
    ['a forged time', encodeCursor(['yesterday', entry.id])],
    ['a forged id', encodeCursor([entry.occurredAt.toISOString(), "'; DROP TABLE timeline_entry; --"])],
  ])('refuses %s as BAD_USER_INPUT on after', (_what, cursor) => {
    let error: GraphQLError | undefined;
    try {
      decodeTimelineCursor(cursor);
    } catch (e) {
      error = e as GraphQLError;
    }
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
