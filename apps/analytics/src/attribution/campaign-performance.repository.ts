import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { campaignTouchesSql, TOUCH_ORDER } from '../warehouse/campaign-touches.sql';

export interface CampaignReachRow {
  campaign_id: string;
  name: string;
  sends: number;
  opens: number;
  clicks: number;
  leads: number;
  mqls: number;
  budget_amount: string | null;
  budget_currency: string | null;
  actual_cost_amount: string | null;
  actual_cost_currency: string | null;
  /** The actual cost ÷ leads; null when the cost is not known or there are no leads. */
  cost_per_lead: string | null;
}

export interface CampaignCreditRow {
  campaign_id: string;
  currency: string;
  opportunities: number;
  first_pipeline: string;
  last_pipeline: string;
  linear_pipeline: string;
  first_won: string;
  last_won: string;
  linear_won: string;
  /** Won revenue ÷ the actual cost; null unless the row is in the cost's currency and the cost is above zero. */
  first_roi: string | null;
  last_roi: string | null;
  linear_roi: string | null;
}

/** The period: $1 its first instant, $2 the instant after it. */
export interface Period {
  from: Date;
  until: Date;
}

/**
 * Campaign reach and multi-touch attribution in SQL over the warehouse. A customer's touches are
 * campaignTouchesSql's (forms, email clicks, campaign membership, its converted leads' too). An
 * opportunity's journey is its customer's touches at or before its creation (its first stage
 * transition), in TOUCH_ORDER (time, ties by campaign, then kind).
 * Costs are the campaign dimension's, from marketing's v2 campaign events; money stays numeric
 * until it is rounded once for the answer.
 */
@Injectable()
export class CampaignPerformanceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  reach(p: Period, campaignIds: string[] | null, limit: number): Promise<CampaignReachRow[]> {
    return this.db.query(
      `WITH c AS (
         SELECT campaign_id, name, budget_amount, budget_currency, actual_cost_amount, actual_cost_currency
         FROM warehouse.dim_campaign WHERE $3::uuid[] IS NULL OR campaign_id = ANY($3)
         ORDER BY name, campaign_id LIMIT $4
       ), mail AS (
         SELECT campaign_id, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sends,
           count(*) FILTER (WHERE first_opened_at IS NOT NULL)::int AS opens, count(*) FILTER (WHERE first_clicked_at IS NOT NULL)::int AS clicks
         FROM warehouse.fact_email
         WHERE campaign_id IN (SELECT campaign_id FROM c)
           AND coalesce(sent_at, first_opened_at, first_clicked_at) >= $1 AND coalesce(sent_at, first_opened_at, first_clicked_at) < $2
         GROUP BY campaign_id
       ), lead AS (
         SELECT campaign_id, lead_id FROM warehouse.fact_form_submission
         WHERE campaign_id IN (SELECT campaign_id FROM c) AND submitted_at >= $1 AND submitted_at < $2
         UNION
         SELECT campaign_id, person_id FROM warehouse.fact_campaign_member
         WHERE person_kind = 'LEAD' AND campaign_id IN (SELECT campaign_id FROM c) AND added_at >= $1 AND added_at < $2
       ), leads AS (
         SELECT l.campaign_id, count(*)::int AS leads, count(q.lead_id)::int AS mqls
         FROM lead l LEFT JOIN warehouse.fact_lead_qualified q ON q.lead_id = l.lead_id GROUP BY l.campaign_id
       )
       SELECT c.campaign_id, c.name, coalesce(m.sends, 0) AS sends, coalesce(m.opens, 0) AS opens, coalesce(m.clicks, 0) AS clicks,
         coalesce(l.leads, 0) AS leads, coalesce(l.mqls, 0) AS mqls,
         c.budget_amount::text, c.budget_currency::text, c.actual_cost_amount::text, c.actual_cost_currency::text,
         round(c.actual_cost_amount / nullif(l.leads, 0), 4)::text AS cost_per_lead
       FROM c LEFT JOIN mail m ON m.campaign_id = c.campaign_id LEFT JOIN leads l ON l.campaign_id = c.campaign_id
       ORDER BY c.name, c.campaign_id`,
      [p.from, p.until, campaignIds, limit],
    );
  }

  credits(p: Period, campaignIds: string[]): Promise<CampaignCreditRow[]> {
    return this.db.query(
      `WITH created AS (
         SELECT opportunity_id, min(changed_at) AS created_at FROM warehouse.fact_opportunity_stage
         GROUP BY opportunity_id HAVING min(changed_at) >= $1 AND min(changed_at) < $2
       ), opp AS (
         SELECT s.opportunity_id, s.customer_id, s.amount, s.currency, c.created_at, d.amount AS won
         FROM created c JOIN warehouse.fact_opportunity_snapshot s ON s.opportunity_id = c.opportunity_id
         LEFT JOIN warehouse.fact_deal d ON d.opportunity_id = c.opportunity_id AND d.outcome = 'WON'
       ), touch AS (${campaignTouchesSql((c) => `${c} IN (SELECT customer_id FROM opp)`)}
       ), journey AS (
         SELECT o.opportunity_id, o.amount, o.currency, o.won, t.campaign_id,
           row_number() OVER (PARTITION BY o.opportunity_id ORDER BY ${TOUCH_ORDER}) AS n,
           count(*) OVER (PARTITION BY o.opportunity_id) AS touches
         FROM opp o JOIN touch t ON t.customer_id = o.customer_id AND t.at <= o.created_at
       ), credit AS (
         SELECT campaign_id, currency, count(DISTINCT opportunity_id)::int AS opportunities,
           coalesce(sum(amount) FILTER (WHERE n = 1), 0) AS first_pipeline, coalesce(sum(amount) FILTER (WHERE n = touches), 0) AS last_pipeline,
           sum(amount / touches) AS linear_pipeline,
           coalesce(sum(won) FILTER (WHERE n = 1), 0) AS first_won, coalesce(sum(won) FILTER (WHERE n = touches), 0) AS last_won,
           coalesce(sum(won / touches), 0) AS linear_won
         FROM journey WHERE campaign_id = ANY($3::uuid[]) GROUP BY campaign_id, currency
       )
       -- ROI from the unrounded credit, so it is the exact quotient rounded once.
       SELECT x.campaign_id, x.currency::text, x.opportunities,
         round(x.first_pipeline, 4)::text AS first_pipeline, round(x.last_pipeline, 4)::text AS last_pipeline,
         round(x.linear_pipeline, 4)::text AS linear_pipeline,
         round(x.first_won, 4)::text AS first_won, round(x.last_won, 4)::text AS last_won, round(x.linear_won, 4)::text AS linear_won,
         round(x.first_won / k.cost, 4)::text AS first_roi, round(x.last_won / k.cost, 4)::text AS last_roi,
         round(x.linear_won / k.cost, 4)::text AS linear_roi
       FROM credit x LEFT JOIN LATERAL (
         SELECT nullif(d.actual_cost_amount, 0) AS cost FROM warehouse.dim_campaign d
         WHERE d.campaign_id = x.campaign_id AND d.actual_cost_currency = x.currency
       ) k ON true
       ORDER BY x.campaign_id, x.currency`,
      [p.from, p.until, campaignIds],
    );
  }
}
