import { Injectable } from '@nestjs/common';
import { addPeriods, periodStart } from '../periods/period';
import { businessDaysBetween } from './business-days';
import type { ForecastArgs } from './forecast.input';
import { WinRateBasis, type Forecast } from './forecast.object';
import { ForecastRepository, type ForecastQuery } from './forecast.repository';

const money = (amount: string, currency: string) => ({ amount, currency });
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);

@Injectable()
export class ForecastService {
  constructor(private readonly forecasts: ForecastRepository) {}

  async forecast(args: ForecastArgs): Promise<Forecast> {
    const asOf = args.asOf ?? new Date();
    const start = periodStart(args.grain, args.period);
    const end = addPeriods(args.grain, start, 1);
    // Days elapsed: from the period's first day through asOf's day, within the period.
    const elapsedUntil = minDay(end, maxDay(start, nextDay(asOf.toISOString().slice(0, 10))));
    const q: ForecastQuery = {
      start,
      end,
      asOf,
      lookbackDays: args.lookbackDays,
      commitThreshold: args.commitThreshold,
      businessDays: businessDaysBetween(start, end),
      businessDaysElapsed: businessDaysBetween(start, elapsedUntil),
    };
    const [stages, totals] = await Promise.all([this.forecasts.stages(q), this.forecasts.totals(q)]);
    return {
      grain: args.grain,
      periodStart: start,
      periodEnd: new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
      asOf,
      lookbackDays: args.lookbackDays,
      commitThreshold: args.commitThreshold,
      businessDays: q.businessDays,
      businessDaysElapsed: q.businessDaysElapsed,
      stages: stages.map((s) => ({
        stageId: s.stage_id,
        openDeals: s.deals,
        openAmount: money(s.amount, s.currency),
        closedDeals: s.closed,
        wonDeals: s.won,
        winRate: s.rate,
        basis: WinRateBasis[s.basis],
        weightedAmount: money(s.weighted, s.currency),
      })),
      totals: totals.map((t) => ({
        currency: t.currency,
        won: money(t.won, t.currency),
        openPipeline: money(t.open, t.currency),
        weightedPipeline: money(t.weighted, t.currency),
        expected: money(t.expected, t.currency),
        committed: money(t.committed, t.currency),
        bestCase: money(t.best_case, t.currency),
        samePeriodLastYear: money(t.last_year, t.currency),
        runRate: t.run_rate === null ? null : money(t.run_rate, t.currency),
      })),
    };
  }
}
