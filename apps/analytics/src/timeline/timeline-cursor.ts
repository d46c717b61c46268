import { badUserInput, decodeCursor, isUuid } from '@crm/graphql';
import type { TimelineKeyset } from './timeline.repository';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A timeline cursor carries the (occurredAt, id) of the page's last entry. */
export function timelineCursorValues(e: TimelineKeyset): string[] {
  return [e.occurredAt.toISOString(), e.id];
}

/** Decodes an `after` cursor; anything this list did not produce is BAD_USER_INPUT on `after`. */
export function decodeTimelineCursor(cursor: string): TimelineKeyset {
  const [occurredAt, id] = decodeCursor(cursor, 2);
  if (typeof occurredAt !== 'string' || !ISO.test(occurredAt) || !isUuid(id))
    throw badUserInput('after', 'is not a cursor this list produced');
  return { occurredAt: new Date(occurredAt), id };
}
