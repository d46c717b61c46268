import { badUserInput, decodeCursor, isUuid } from '@crm/graphql';
import type { LeadEntity } from './lead.entity';
import { LeadSort } from './lead.input';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Where the previous page ended, in the terms of its sort order. */
export type LeadKeyset = { sort: LeadSort.EMAIL_ASC; email: string } | { sort: LeadSort.CREATED_AT_DESC; createdAt: Date; id: string };

/** The sort values of a row, which its cursor carries: (email), unique, or (createdAt, id). */
export function leadCursorValues(sort: LeadSort, lead: Pick<LeadEntity, 'email' | 'createdAt' | 'id'>): (string | number)[] {
  return sort === LeadSort.EMAIL_ASC ? [lead.email] : [lead.createdAt.toISOString(), lead.id];
}

/** Decodes an `after` cursor for `sort`; one of another sort, or tampered with, is BAD_USER_INPUT on `after`. */
export function decodeLeadCursor(sort: LeadSort, cursor: string): LeadKeyset {
  const bad = () => badUserInput('after', 'is not a cursor this list produced');
  if (sort === LeadSort.EMAIL_ASC) {
    const [email] = decodeCursor(cursor, 1);
    if (typeof email !== 'string') throw bad();
    return { sort, email };
  }
  const [createdAt, id] = decodeCursor(cursor, 2);
  if (typeof createdAt !== 'string' || !ISO.test(createdAt) || !isUuid(id)) throw bad();
  return { sort: LeadSort.CREATED_AT_DESC, createdAt: new Date(createdAt), id: id.toLowerCase() };
}
