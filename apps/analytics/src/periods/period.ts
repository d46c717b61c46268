import { InvalidError } from '@crm/domain';
import { registerEnumType } from '@nestjs/graphql';

/** The calendar periods strategic reports are grouped by. Weeks and days are the OLAP query's business. */
export enum PeriodGrain {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(PeriodGrain, { name: 'PeriodGrain', description: 'A calendar month, quarter or year, in UTC days.' });

/** The most periods one report spans: bounds the rows a client can make the warehouse produce. */
export const MAX_PERIODS = 36;

/** How many months a period of each grain holds. */
export const PERIOD_MONTHS: Record<PeriodGrain, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** The first day of the period `day` falls in, as YYYY-MM-DD. */
export function periodStart(grain: PeriodGrain, day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const month = d.getUTCMonth() - (d.getUTCMonth() % PERIOD_MONTHS[grain]);
  return new Date(Date.UTC(d.getUTCFullYear(), month, 1)).toISOString().slice(0, 10);
}

/** The first day of the period `n` periods after the one starting on `start` (n may be negative). */
export function addPeriods(grain: PeriodGrain, start: string, n: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n * PERIOD_MONTHS[grain], 1)).toISOString().slice(0, 10);
}

/** How many periods from the one holding `from` to the one holding `to`, both included; refuses a reversed or too long span. */
export function periodSpan(grain: PeriodGrain, from: string, to: string, field: string): number {
  const [a, b] = [periodStart(grain, from), periodStart(grain, to)];
  const months = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
  if (months < 0) throw new InvalidError(field, 'must not be before from');
  const periods = months / PERIOD_MONTHS[grain] + 1;
  if (periods > MAX_PERIODS) throw new InvalidError(field, `spans ${periods} periods; at most ${MAX_PERIODS}`);
  return periods;
}
