import { ForbiddenError, InvalidError } from '@crm/domain';
import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsDate, IsOptional } from 'class-validator';
import { HISTORY_IMPORT_ROLES, mayImportHistory, type Identity } from './access';

/**
 * When a change happened: now, unless a caller allowed to import history says it happened earlier.
 * `field` names the input the time came from, so a refusal says which value was wrong. Nothing is
 * written when this throws: services call it before they open their transaction or write a row.
 */
export function occurredAt(caller: Identity, requested: Date | null | undefined, field: string, now = new Date()): Date {
  if (requested == null) return now;
  if (Number.isNaN(requested.getTime())) throw new InvalidError(field, 'must be a date-time such as 2017-03-31T09:00:00Z');
  if (!mayImportHistory(caller)) {
    throw new ForbiddenError(
      `${field}: only ${HISTORY_IMPORT_ROLES.join(', ')} may record a past time of occurrence (history import)`,
      field,
    );
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

/**
 * The optional `occurredAt` of every write that can be backdated for a history import: one
 * declaration, so each mutation documents and validates it alike.
 */
export function OccurredAtField(what: string): PropertyDecorator {
  return applyDecorators(
    Field(() => Date, {
      nullable: true,
      description: `When ${what} happened, for loading history: not in the future, and only for a role that imports history (admin). Now when omitted.`,
    }),
    IsOptional(),
    IsDate({ message: 'occurredAt must be a date-time such as 2017-03-31T09:00:00Z' }),
  );
}
