import { HISTORY_IMPORT_ROLES, mayImportHistory, type Identity } from '@crm/auth';
import { ForbiddenError, InvalidError } from '@crm/domain';

/**
 * When a change happened: now, unless a caller allowed to import history says it happened earlier.
 * `field` names the input the time came from, so a refusal says which value was wrong. Nothing is
 * written when this throws: services call it before they open their transaction or write a row.
 */
export function occurredAt(caller: Identity, requested: Date | null | undefined, field: string, now = new Date()): Date {
  if (requested == null) return now;
  if (Number.isNaN(requested.getTime())) throw new InvalidError(field, 'must be a date-time such as 2017-03-31T09:00:00Z');
  if (!mayImportHistory(caller)) {
    throw new ForbiddenError(`${field}: only ${HISTORY_IMPORT_ROLES.join(', ')} may record a past time of occurrence (history import)`);
  }
  if (requested.getTime() > now.getTime()) throw new InvalidError(field, 'must not lie in the future');
  return requested;
}

/** A later step of a history (a stage change, a close) cannot come before the step it follows. */
export function notBefore(at: Date, previous: Date, field: string, what: string): void {
  if (at.getTime() < previous.getTime()) {
    throw new InvalidError(field, `must not be before the ${what} (${previous.toISOString()})`);
  }
}
