import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ServiceDashboardArgs } from './service-dashboard.input';
import { ServiceDashboard } from './service-dashboard.object';
import { ServiceDashboardService } from './service-dashboard.service';

@CanRead('service')
@Resolver(() => ServiceDashboard)
export class ServiceDashboardResolver {
  constructor(private readonly dashboards: ServiceDashboardService) {}

  @Query(() => ServiceDashboard, {
    description:
      'The backlog now (open cases by priority, queue and age), and for a period: first-response and resolution SLA attainment, handle time, CSAT and cases per product. `to` before `from` is BAD_USER_INPUT on to.',
  })
  serviceDashboard(@Args() args: ServiceDashboardArgs, @CurrentIdentity() caller: Identity): Promise<ServiceDashboard> {
    return this.dashboards.dashboard(caller, args);
  }
}
