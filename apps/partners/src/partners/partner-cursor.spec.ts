import { encodeCursor } from '@crm/graphql';
import type { GraphQLError } from 'graphql';
import { decodePartnerCursor, partnerCursorValues } from './partner-cursor';
import { PartnerSort } from './partner.input';

/** What `work` throws, as a client would see it. */
function errorOf(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return (e as GraphQLError).extensions;
  }
  throw new Error('did not throw');
}

const partner = { id: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10', nameKey: 'acme corp', createdAt: new Date('2031-04-05T06:07:08.123Z') };

describe('partner cursors', () => {
  it('round-trips the sort values of each order', () => {
    expect(decodePartnerCursor(PartnerSort.NAME_ASC, encodeCursor(partnerCursorValues(PartnerSort.NAME_ASC, partner)))).toEqual({
      sort: PartnerSort.NAME_ASC,
      nameKey: 'acme corp',
    });
    expect(
      decodePartnerCursor(PartnerSort.CREATED_AT_DESC, encodeCursor(partnerCursorValues(PartnerSort.CREATED_AT_DESC, partner))),
    ).toEqual({
      sort: PartnerSort.CREATED_AT_DESC,
      createdAt: partner.createdAt,
      id: partner.id,
    });
  });

  it.each([
    ['garbage', PartnerSort.CREATED_AT_DESC, 'not-a-cursor'],
    ['a name cursor for the newest-first order', PartnerSort.CREATED_AT_DESC, encodeCursor(['acme corp'])],
    ['a newest-first cursor for the name order', PartnerSort.NAME_ASC, encodeCursor([partner.createdAt.toISOString(), partner.id])],
    ['a time that is not an ISO instant', PartnerSort.CREATED_AT_DESC, encodeCursor(['yesterday', partner.id])],
    ['an id that is not a UUID', PartnerSort.CREATED_AT_DESC, encodeCursor([partner.createdAt.toISOString(), '42'])],
    ['a number for a name', PartnerSort.NAME_ASC, encodeCursor([42])],
  ])('refuses %s as BAD_USER_INPUT on after', (_case, sort, cursor) => {
    expect(errorOf(() => decodePartnerCursor(sort, cursor))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
