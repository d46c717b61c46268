import { badUserInput, decodeCursor, isUuid } from '@crm/graphql';
import type { PartnerEntity } from './partner.entity';
import { PartnerSort } from './partner.input';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Where the previous page ended, in the terms of its sort order. */
export type PartnerKeyset =
  { sort: PartnerSort.NAME_ASC; nameKey: string } | { sort: PartnerSort.CREATED_AT_DESC; createdAt: Date; id: string };

/** The sort values of a row, which its cursor carries: (nameKey), unique, or (createdAt, id). */
export function partnerCursorValues(sort: PartnerSort, p: Pick<PartnerEntity, 'nameKey' | 'createdAt' | 'id'>): (string | number)[] {
  return sort === PartnerSort.NAME_ASC ? [p.nameKey] : [p.createdAt.toISOString(), p.id];
}

/** Decodes an `after` cursor for `sort`; one of another sort, or tampered with, is BAD_USER_INPUT on `after`. */
export function decodePartnerCursor(sort: PartnerSort, cursor: string): PartnerKeyset {
  const bad = () => badUserInput('after', 'is not a cursor this list produced');
  if (sort === PartnerSort.NAME_ASC) {
    const [nameKey] = decodeCursor(cursor, 1);
    if (typeof nameKey !== 'string') throw bad();
    return { sort, nameKey };
  }
  const [createdAt, id] = decodeCursor(cursor, 2);
  if (typeof createdAt !== 'string' || !ISO.test(createdAt) || !isUuid(id)) throw bad();
  return { sort: PartnerSort.CREATED_AT_DESC, createdAt: new Date(createdAt), id: id.toLowerCase() };
}
