import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { MarketingDashboardArgs } from './marketing-dashboard.input';
import { MarketingDashboard } from './marketing-dashboard.object';
import { MarketingDashboardService } from './marketing-dashboard.service';

@CanRead('marketing')
@Resolver(() => MarketingDashboard)
export class MarketingDashboardResolver {
  constructor(private readonly dashboards: MarketingDashboardService) {}

  @Query(() => MarketingDashboard, {
    description:
      'Lead funnel, conversion, MQL rate and times, sources and campaigns (leads, cost per lead, sends, opens, clicks, unsubscribes) over a period of UTC days. A period that ends before it starts, or spans more than two years, is BAD_USER_INPUT on to.',
  })
  marketingDashboard(@Args() args: MarketingDashboardArgs, @CurrentIdentity() caller: Identity): Promise<MarketingDashboard> {
    return this.dashboards.dashboard(caller, args);
  }
}
