import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { GraphQLError, Kind, type ValueNode } from 'graphql';

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
 * `DateTime`, as Nest's own scalar (same name, description and output) but strict about what it
 * takes in. A provider: a federated Nest schema takes scalars from providers, and ignores
 * `buildSchemaOptions.scalarsMap`.
 */
@Scalar('DateTime', () => Date)
export class DateTimeScalar implements CustomScalar<string | null, Date> {
  description = 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.';

  parseValue(value: unknown): Date {
    return parseDateTime(value);
  }

  serialize(value: unknown): string | null {
    return value instanceof Date ? value.toISOString() : null;
  }

  parseLiteral(ast: ValueNode): Date {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(MESSAGE);
    return parseDateTime(ast.value);
  }
}
