import { InvalidError } from '@crm/domain';
import { MAX_PAGE_SIZE } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { CampaignPerformanceArgs } from './campaign-performance.input';
import type { CampaignResults, CampaignRoi } from './campaign-performance.object';
import { CampaignPerformanceRepository, type CampaignCreditRow, type CampaignReachRow } from './campaign-performance.repository';

const money = (amount: string, currency: string) => ({ amount, currency });
const maybeMoney = (amount: string | null, currency: string | null) =>
  amount !== null && currency !== null ? money(amount, currency) : null;
const ZERO = '0.0000';

/**
 * ROI in the actual cost's currency: its credit row's quotients, or zero when nothing was won in
 * that currency. Null when the cost is not known or is zero (there is nothing to divide by).
 */
function roi(c: CampaignReachRow, own: CampaignCreditRow[]): CampaignRoi | null {
  const currency = c.actual_cost_currency;
  if (c.actual_cost_amount === null || currency === null || Number(c.actual_cost_amount) === 0) return null;
  const row = own.find((x) => x.currency === currency);
  return { currency, firstTouch: row?.first_roi ?? ZERO, lastTouch: row?.last_roi ?? ZERO, linear: row?.linear_roi ?? ZERO };
}

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
          budget: maybeMoney(c.budget_amount, c.budget_currency),
          actualCost: maybeMoney(c.actual_cost_amount, c.actual_cost_currency),
          costPerLead: maybeMoney(c.cost_per_lead, c.actual_cost_currency),
          roi: roi(c, own),
        };
      }),
      truncated: reach.length > limit,
    };
  }
}
