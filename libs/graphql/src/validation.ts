import { ValidationPipe, type PipeTransform } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { badUserInput } from './errors';

function firstProblem(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const message = e.constraints ? Object.values(e.constraints)[0] : undefined;
    if (message) return { field, message };
    const nested = firstProblem(e.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/** Input validation for every resolver: a class-validator failure becomes BAD_USER_INPUT naming the field. */
export function createValidationPipe(): PipeTransform {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problem = firstProblem(errors) ?? { field: 'input', message: 'is invalid' };
      return badUserInput(problem.field, problem.message.replace(new RegExp(`^${problem.field.split('.').pop() ?? ''}\\s*`), ''));
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** For `ID` arguments: ids are UUIDs, and a malformed one is the caller's mistake, not a missing record. */
export class ParseIdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly field = 'id') {}

  transform(value: unknown): string {
    if (!isUuid(value)) throw badUserInput(this.field, 'must be a UUID');
    return value.toLowerCase();
  }
}
