import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { SalesBreakdownArgs } from './sales-breakdown.input';
import { SalesBreakdown } from './sales-breakdown.object';
import { SalesBreakdownService } from './sales-breakdown.service';
import { SalesDashboardArgs } from './sales-dashboard.input';
import { SalesDashboard } from './sales-dashboard.object';
import { SalesDashboardService } from './sales-dashboard.service';

@CanRead('sales')
@Resolver(() => SalesDashboard)
export class SalesDashboardResolver {
  constructor(
    private readonly dashboards: SalesDashboardService,
    private readonly breakdowns: SalesBreakdownService,
  ) {}

  @Query(() => SalesDashboard, {
    description:
      'Pipeline by stage, win rate, average deal size, sales cycle and forecast against last year, for a user or team and a period.',
  })
  salesDashboard(@Args() args: SalesDashboardArgs, @CurrentIdentity() caller: Identity): Promise<SalesDashboard> {
    return this.dashboards.dashboard(caller, args);
  }

  @Query(() => SalesBreakdown, {
    description:
      'Deals by owner, team, account or product and by month, quarter, year or all time: won amount, win rate, units, sales cycle and open pipeline. Any span of years, aggregated in SQL.',
  })
  salesBreakdown(@Args() args: SalesBreakdownArgs, @CurrentIdentity() caller: Identity): Promise<SalesBreakdown> {
    return this.breakdowns.breakdown(caller, args);
  }
}
