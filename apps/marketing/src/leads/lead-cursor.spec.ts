import { encodeCursor } from '@crm/graphql';
import type { GraphQLError } from 'graphql';
import { decodeLeadCursor, leadCursorValues } from './lead-cursor';
import { LeadSort } from './lead.input';

/** What `work` throws, as a client would see it. */
function errorOf(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return (e as GraphQLError).extensions;
  }
  throw new Error('did not throw');
}

const lead = { id: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10', email: 'ada@acme.com', createdAt: new Date('2031-04-05T06:07:08.123Z') };

describe('lead cursors', () => {
  it('round-trips the sort values of each order', () => {
    expect(decodeLeadCursor(LeadSort.EMAIL_ASC, encodeCursor(leadCursorValues(LeadSort.EMAIL_ASC, lead)))).toEqual({
      sort: LeadSort.EMAIL_ASC,
      email: 'ada@acme.com',
    });
    expect(decodeLeadCursor(LeadSort.CREATED_AT_DESC, encodeCursor(leadCursorValues(LeadSort.CREATED_AT_DESC, lead)))).toEqual({
      sort: LeadSort.CREATED_AT_DESC,
      createdAt: lead.createdAt,
      id: lead.id,
    });
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a cursor of the other sort order', encodeCursor(['ada@acme.com'])],
    ['a time that is not an ISO instant', encodeCursor(['yesterday', lead.id])],
    ['an id that is not a UUID', encodeCursor([lead.createdAt.toISOString(), '42'])],
  ])('refuses %s as BAD_USER_INPUT on after', (_case, cursor) => {
    expect(errorOf(() => decodeLeadCursor(LeadSort.CREATED_AT_DESC, cursor))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('refuses a number where an email cursor is expected', () => {
    expect(errorOf(() => decodeLeadCursor(LeadSort.EMAIL_ASC, encodeCursor([42])))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
