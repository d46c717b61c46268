import { CanRead } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { CampaignPerformanceArgs } from './campaign-performance.input';
import { CampaignResults } from './campaign-performance.object';
import { CampaignPerformanceService } from './campaign-performance.service';

@CanRead('analytics')
@Resolver()
export class CampaignPerformanceResolver {
  constructor(private readonly campaignPerformanceService: CampaignPerformanceService) {}

  @Query(() => CampaignResults, {
    description:
      'Per campaign in a period: sends, opens, clicks, leads, MQLs, opportunities touched, first-touch, last-touch and linear attribution of pipeline and won revenue, its budget and actual cost, cost per lead and ROI.',
  })
  campaignAttribution(@Args() args: CampaignPerformanceArgs): Promise<CampaignResults> {
    return this.campaignPerformanceService.report(args);
  }
}
