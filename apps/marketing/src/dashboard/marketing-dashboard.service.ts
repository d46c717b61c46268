import type { Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import { money } from '../campaigns/campaign.object';
import type { CampaignType } from '../campaigns/campaign.enums';
import { LeadSource, LeadStatus } from '../leads/lead.enums';
import type { MarketingDashboardArgs } from './marketing-dashboard.input';
import type { MarketingDashboard } from './marketing-dashboard.object';
import { MarketingDashboardRepository } from './marketing-dashboard.repository';

const DAY_MS = 86_400_000;
/** A longer period is a report, not a dashboard: it would read years of leads and mail per request. */
export const DASHBOARD_MAX_DAYS = 731;
export const DASHBOARD_CAMPAIGNS_MAX = 50;
/** The funnel's order: how far a lead has come. */
const FUNNEL: LeadStatus[] = [
  LeadStatus.NEW,
  LeadStatus.CONTACTED,
  LeadStatus.RECYCLED,
  LeadStatus.QUALIFIED,
  LeadStatus.UNQUALIFIED,
  LeadStatus.CONVERTED,
];

const share = (part: number, whole: number): number | null => (whole ? part / whole : null);

@Injectable()
export class MarketingDashboardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly figures: MarketingDashboardRepository,
  ) {}

  dashboard(caller: Identity, args: MarketingDashboardArgs): Promise<MarketingDashboard> {
    const from = new Date(`${args.from}T00:00:00Z`);
    const until = new Date(Date.parse(`${args.to}T00:00:00Z`) + DAY_MS);
    if (until <= from) throw new InvalidError('to', 'must not be before from');
    if (until.getTime() - from.getTime() > DASHBOARD_MAX_DAYS * DAY_MS)
      throw new InvalidError('to', `the period may span at most ${DASHBOARD_MAX_DAYS} days`);
    const period = { from, until };
    return this.uow.run(caller, async (tx) => {
      const funnel = new Map((await this.figures.funnel(tx, period)).map((r) => [r.status, r.leads]));
      const c = await this.figures.conversion(tx, period);
      const sources = await this.figures.sources(tx, period);
      const campaigns = await this.figures.campaigns(tx, period, DASHBOARD_CAMPAIGNS_MAX);
      return {
        from: args.from,
        to: args.to,
        funnel: FUNNEL.map((status) => ({ status, leads: funnel.get(status) ?? 0 })),
        conversion: {
          leads: c.leads,
          qualified: c.qualified,
          converted: c.converted,
          marketingQualified: c.mql,
          qualifiedRate: share(c.qualified, c.leads),
          qualifiedToCustomerRate: share(c.converted, c.qualified),
          conversionRate: share(c.converted, c.leads),
          mqlRate: share(c.mql, c.leads),
          averageHoursToMql: c.hours_to_mql,
          averageHoursToConvert: c.hours_to_convert,
        },
        sources: sources.map((s) => ({
          source: s.source as LeadSource,
          leads: s.leads,
          qualified: s.qualified,
          converted: s.converted,
          marketingQualified: s.mql,
          conversionRate: s.converted / s.leads,
        })),
        campaigns: campaigns.map((r) => ({
          campaignId: r.id,
          name: r.name,
          type: r.type as CampaignType,
          leads: r.leads,
          converted: r.converted,
          actualCost: money(r.cost_amount, r.cost_currency),
          costPerLead: money(r.cost_per_lead, r.cost_currency),
          sends: r.sends,
          opens: r.opens,
          clicks: r.clicks,
          unsubscribes: r.unsubscribes,
        })),
      };
    });
  }
}
