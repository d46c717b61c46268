import { InvalidError } from '@crm/domain';
import { MAX_PAGE_SIZE } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { CampaignPerformanceArgs } from './campaign-performance.input';
import type { CampaignResults } from './campaign-performance.object';
import { CampaignPerformanceRepository } from './campaign-performance.repository';

const money = (amount: string, currency: string) => ({ amount, currency });

@Injectable()
export class CampaignPerformanceService {
  constructor(private readonly campaigns: CampaignPerformanceRepository) {}

  async report(args: CampaignPerformanceArgs): Promise<CampaignResults> {
    if (args.to < args.from) throw new InvalidError('to', 'must not be before from');
    const period = { from: new Date(`${args.from}T00:00:00Z`), until: new Date(Date.parse(`${args.to}T00:00:00Z`) + 86_400_000) };
    const limit = args.first ?? MAX_PAGE_SIZE;
    const reach = await this.campaigns.reach(period, args.campaignIds?.length ? args.campaignIds : null, limit + 1);
    const shown = reach.slice(0, limit);
    const credits = shown.length
      ? await this.campaigns.credits(
          period,
          shown.map((c) => c.campaign_id),
        )
      : [];
    return {
      campaigns: shown.map((c) => {
        const own = credits.filter((x) => x.campaign_id === c.campaign_id);
        return {
          campaignId: c.campaign_id,
          name: c.name,
          sends: c.sends,
          opens: c.opens,
          clicks: c.clicks,
          leads: c.leads,
          mqls: c.mqls,
          // An opportunity has one currency, so the per-currency counts add up.
          opportunities: own.reduce((n, x) => n + x.opportunities, 0),
          attribution: own.map((x) => ({
            currency: x.currency,
            firstTouchPipeline: money(x.first_pipeline, x.currency),
            lastTouchPipeline: money(x.last_pipeline, x.currency),
            linearPipeline: money(x.linear_pipeline, x.currency),
            firstTouchWon: money(x.first_won, x.currency),
            lastTouchWon: money(x.last_won, x.currency),
            linearWon: money(x.linear_won, x.currency),
          })),
        };
      }),
      truncated: reach.length > limit,
    };
  }
}
