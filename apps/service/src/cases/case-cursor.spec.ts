import { encodeCursor } from '@crm/graphql';
import type { GraphQLError } from 'graphql';
import { caseCursorValues, decodeCaseCursor } from './case-cursor';
import { CaseSort } from './case.input';

const row = { id: '6f1c1b2e-8d6a-4f6e-9c49-1d2b3c4d5e6f', priorityRank: 3, openedAt: new Date('2031-05-06T07:08:09.123Z') };

describe('case cursors', () => {
  it.each([CaseSort.OPENED_AT_DESC, CaseSort.PRIORITY_DESC])('round-trips the keyset of %s', (sort) => {
    const keyset = decodeCaseCursor(sort, encodeCursor(caseCursorValues(sort, row)));
    expect(keyset).toEqual(
      sort === CaseSort.PRIORITY_DESC
        ? { sort, rank: 3, openedAt: row.openedAt, id: row.id }
        : { sort, openedAt: row.openedAt, id: row.id },
    );
  });

  it.each([
    ['a cursor of the other sort', CaseSort.OPENED_AT_DESC, encodeCursor(caseCursorValues(CaseSort.PRIORITY_DESC, row))],
    ['a cursor of the other sort', CaseSort.PRIORITY_DESC, encodeCursor(caseCursorValues(CaseSort.OPENED_AT_DESC, row))],
    ['garbage', CaseSort.OPENED_AT_DESC, 'garbage'],
    ['a forged time', CaseSort.OPENED_AT_DESC, encodeCursor(['yesterday', row.id])],
    ['a forged id', CaseSort.OPENED_AT_DESC, encodeCursor([row.openedAt.toISOString(), '1 OR 1=1'])],
    ['a fractional rank', CaseSort.PRIORITY_DESC, encodeCursor([2.5, row.openedAt.toISOString(), row.id])],
  ])('refuses %s as BAD_USER_INPUT on after (%s)', (_what, sort, cursor) => {
    let error: GraphQLError | undefined;
    try {
      decodeCaseCursor(sort, cursor);
    } catch (e) {
      error = e as GraphQLError;
    }
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
