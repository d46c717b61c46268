import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { SalesDashboardArgs } from './sales-dashboard.input';
import { SalesDashboard } from './sales-dashboard.object';
import { SalesDashboardService } from './sales-dashboard.service';

@CanRead('sales')
@Resolver(() => SalesDashboard)
export class SalesDashboardResolver {
  constructor(private readonly dashboards: SalesDashboardService) {}

  @Query(() => SalesDashboard, {
    description:
      'Pipeline by stage, win rate, average deal size, sales cycle and forecast against last year, for a user or team and a period.',
  })
  salesDashboard(@Args() args: SalesDashboardArgs, @CurrentIdentity() caller: Identity): Promise<SalesDashboard> {
    return this.dashboards.dashboard(caller, args);
  }
}
