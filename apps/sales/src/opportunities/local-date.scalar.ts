import { isCalendarDate } from '@crm/graphql';
import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { GraphQLError, Kind, type ValueNode } from 'graphql';

function parse(value: unknown): string {
  if (!isCalendarDate(value)) throw new GraphQLError('must be a calendar date written YYYY-MM-DD');
  return value;
}

/** What `Date` fields and arguments are declared as: the value itself is the "YYYY-MM-DD" string. */
export class LocalDate {}

/**
 * Dates without a time or zone (a close date is a day, not an instant). Kept as the ISO string
 * end to end: Postgres `date` in, text out, so no time zone can shift it by a day. A provider,
 * so the federated schema keeps its parsing (a bare GraphQLScalarType would be dropped there).
 */
@Scalar('Date', () => LocalDate)
export class LocalDateScalar implements CustomScalar<string, string> {
  description = 'A calendar date, "YYYY-MM-DD", without time or time zone.';

  parseValue(value: unknown): string {
    return parse(value);
  }

  serialize(value: unknown): string {
    return parse(value);
  }

  parseLiteral(ast: ValueNode): string {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('must be a calendar date written YYYY-MM-DD');
    return parse(ast.value);
  }
}

/** The same day one year earlier; 29 February becomes 28 February. */
export function oneYearBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(y - 1, m - 1, d));
  if (shifted.getUTCMonth() !== m - 1) shifted.setUTCDate(0);
  return shifted.toISOString().slice(0, 10);
}
