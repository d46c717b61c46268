import type { Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import { formatAmount, plainDecimal } from '../opportunities/money-amount';
import type { SalesBreakdownArgs } from './sales-breakdown.input';
import type { SalesBreakdown } from './sales-breakdown.object';
import { SalesBreakdownRepository } from './sales-breakdown.repository';

/** The most groups one breakdown answers: enough for every owner by month over years, bounded for the client. */
export const BREAKDOWN_ROWS_MAX = 5000;

@Injectable()
export class SalesBreakdownService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly figures: SalesBreakdownRepository,
  ) {}

  async breakdown(caller: Identity, args: SalesBreakdownArgs): Promise<SalesBreakdown> {
    if (args.from && args.to && args.to < args.from) throw new InvalidError('to', 'must not be before from');
    const rows = await this.uow.run(caller, (tx) =>
      this.figures.breakdown(tx, {
        by: args.by,
        period: args.period,
        currency: args.currency,
        from: args.from ?? null,
        to: args.to ?? null,
        limit: BREAKDOWN_ROWS_MAX + 1,
      }),
    );
    return {
      truncated: rows.length > BREAKDOWN_ROWS_MAX,
      rows: rows.slice(0, BREAKDOWN_ROWS_MAX).map((r) => ({
        period: r.period,
        key: r.key,
        label: r.label,
        wonCount: r.won_count,
        lostCount: r.lost_count,
        winRate: r.won_count + r.lost_count === 0 ? null : Math.round((r.won_count / (r.won_count + r.lost_count)) * 10_000) / 10_000,
        wonAmount: { amount: formatAmount(r.won_amount, args.currency), currency: args.currency },
        unitsWon: r.units_won === null ? null : plainDecimal(r.units_won),
        averageSalesCycleDays: r.cycle_days,
        openCount: r.open_count,
        openAmount: { amount: formatAmount(r.open_amount, args.currency), currency: args.currency },
      })),
    };
  }
}
