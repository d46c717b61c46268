import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { GraphQLError, Kind, type ValueNode } from 'graphql';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date "YYYY-MM-DD" that exists (no 2026-02-30), between the years 1900 and 9999. */
export function isCalendarDate(value: unknown): value is string {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** For a date held in a String field: the same rule as the `Date` scalar, so a service never stores what another refuses. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: isCalendarDate, defaultMessage: () => '$property must be a calendar date, YYYY-MM-DD' },
    },
    options,
  );
}

// RFC 3339 with the zone required: an instant is never left to the server's time zone to guess.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;
const MESSAGE = 'must be a date-time between the years 1900 and 9999 with a time zone, such as 2026-01-31T09:00:00Z';

/**
 * The instant a DateTime input names, or a GraphQL error (BAD_USER_INPUT on the field). `new
 * Date(...)` alone takes "2024-13-45" as a date in another year on some engines, and takes
 * "+275760-09-13", which no database column holds; both would reach SQL.
 */
export function parseDateTime(value: unknown): Date {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!m) throw new GraphQLError(MESSAGE);
  const n = (group: number) => Number(m[group] ?? 0);
  const [year, month, day] = [n(1), n(2), n(3)];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 1900 &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    n(4) < 24 &&
    n(5) < 60 &&
    n(6) < 60 &&
    n(7) < 24 &&
    n(8) < 60;
  if (!real) throw new GraphQLError(MESSAGE);
  return new Date(value as string);
}

/**
 * A value parseDateTime refuses becomes an Invalid Date, which every DateTime input's `@IsDate()`
 * refuses as BAD_USER_INPUT naming the field, in a 200 answer. Thrown here, it would be a variable
 * coercion error: HTTP 400, which the gateway answers as SERVICE_UNAVAILABLE.
 */
function dateOrInvalid(value: unknown): Date {
  try {
    return parseDateTime(value);
  } catch {
    return new Date(NaN);
  }
}

/**
 * `DateTime`, as Nest's own scalar (same name, description and output) but strict about what it
 * takes in. A provider: a federated Nest schema takes scalars from providers, and ignores
 * `buildSchemaOptions.scalarsMap`.
 */
@Scalar('DateTime', () => Date)
export class DateTimeScalar implements CustomScalar<string | null, Date> {
  description = 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.';

  parseValue(value: unknown): Date {
    return dateOrInvalid(value);
  }

  serialize(value: unknown): string | null {
    return value instanceof Date ? value.toISOString() : null;
  }

  parseLiteral(ast: ValueNode): Date {
    return dateOrInvalid(ast.kind === Kind.STRING ? ast.value : undefined);
  }
}
