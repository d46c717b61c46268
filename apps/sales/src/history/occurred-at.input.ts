import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsDate, IsOptional } from 'class-validator';

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
