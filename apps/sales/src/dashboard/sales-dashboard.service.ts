import type { Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { type Money } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { oneYearBefore } from '../opportunities/local-date.scalar';
import { formatAmount } from '../opportunities/money-amount';
import { ForecastCategory } from '../pipelines/pipeline.enums';
import type { SalesDashboardArgs } from './sales-dashboard.input';
import type { SalesDashboard } from './sales-dashboard.object';
import { SalesDashboardRepository, type DashboardScope } from './sales-dashboard.repository';

@Injectable()
export class SalesDashboardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly figures: SalesDashboardRepository,
  ) {}

  dashboard(caller: Identity, args: SalesDashboardArgs): Promise<SalesDashboard> {
    if (args.to < args.from) throw new InvalidError('to', 'must not be before from');
    // Any length of period: every figure is one SQL aggregate, so a decade costs what it scans, never rows in Node.
    const scope: DashboardScope = {
      currency: args.currency,
      from: args.from,
      to: args.to,
      ownerIds: args.ownerIds?.length ? args.ownerIds.map((id) => id.toLowerCase()) : null,
      pipelineId: args.pipelineId ?? null,
    };
    const money = (amount: string): Money => ({ amount: formatAmount(amount, args.currency), currency: args.currency });
    return this.uow.run(caller, async (tx) => {
      const stages = await this.figures.pipelineByStage(tx, scope);
      const closed = await this.figures.closed(tx, scope);
      const forecast = await this.figures.forecast(
        tx,
        scope,
        { from: oneYearBefore(args.from), to: oneYearBefore(args.to) },
        Object.values(ForecastCategory),
      );
      return {
        from: args.from,
        to: args.to,
        currency: args.currency,
        pipelineByStage: stages.map((r) => ({
          stageId: r.stage_id,
          stageName: r.stage_name,
          pipelineId: r.pipeline_id,
          pipelineName: r.pipeline_name,
          count: r.count,
          amount: money(r.amount),
        })),
        wonCount: closed.won_count,
        lostCount: closed.lost_count,
        wonAmount: money(closed.won_amount),
        winRate: closed.win_rate,
        averageDealSize: closed.average_won === null ? null : money(closed.average_won),
        averageSalesCycleDays: closed.cycle_days,
        forecast: forecast.map((r) => ({
          category: r.category as ForecastCategory,
          count: r.count,
          amount: money(r.amount),
          lastYearCount: r.last_year_count,
          lastYearAmount: money(r.last_year_amount),
        })),
      };
    });
  }
}
