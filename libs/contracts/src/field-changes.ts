import { z } from 'zod';

/**
 * What one change did to one field, for the audit trail: the value before and after, as JSON (a
 * scalar, a list such as tags, null when unset). `*.updated.v2` events carry a list of these where
 * their v1 carried only the names of the changed fields.
 */
export const fieldChanges = z.array(z.object({ field: z.string().min(1), old: z.json(), new: z.json() }));

export type FieldChange = z.infer<typeof fieldChanges>[number];

/**
 * The changes a patch makes to a record, in the patch's field order: the one way publish points
 * build `changes`, so every service reports old and new values alike (undefined is reported as null).
 */
export function changesOf<T extends object>(before: T, patch: Partial<T>): FieldChange[] {
  return Object.keys(patch).map((field) => ({
    field,
    old: toJson(before[field as keyof T]),
    new: toJson(patch[field as keyof T]),
  }));
}

type Json = z.infer<ReturnType<typeof z.json>>;

/** As the outbox will write it: Dates as ISO strings, undefined as null. */
function toJson(value: unknown): Json {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
}
