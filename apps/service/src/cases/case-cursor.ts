import { badUserInput, decodeCursor, isUuid } from '@crm/graphql';
import type { CaseEntity } from './case.entity';
import { CaseSort } from './case.input';
import type { CaseKeyset } from './case.repository';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The sort values of a row, which its cursor carries: (openedAt, id) or (priority rank, openedAt, id). */
export function caseCursorValues(sort: CaseSort, c: Pick<CaseEntity, 'priorityRank' | 'openedAt' | 'id'>): (string | number)[] {
  const openedAt = c.openedAt.toISOString();
  return sort === CaseSort.PRIORITY_DESC ? [c.priorityRank, openedAt, c.id] : [openedAt, c.id];
}

/** Decodes an `after` cursor for `sort`; a cursor of another sort, or one that was tampered with, is BAD_USER_INPUT on `after`. */
export function decodeCaseCursor(sort: CaseSort, cursor: string): CaseKeyset {
  const bad = () => badUserInput('after', 'is not a cursor this list produced');
  if (sort === CaseSort.PRIORITY_DESC) {
    const [rank, openedAt, id] = decodeCursor(cursor, 3);
    if (!Number.isInteger(rank) || typeof openedAt !== 'string' || !ISO.test(openedAt) || !isUuid(id)) throw bad();
    return { sort, rank: rank as number, openedAt: new Date(openedAt), id };
  }
  const [openedAt, id] = decodeCursor(cursor, 2);
  if (typeof openedAt !== 'string' || !ISO.test(openedAt) || !isUuid(id)) throw bad();
  return { sort: CaseSort.OPENED_AT_DESC, openedAt: new Date(openedAt), id };
}
