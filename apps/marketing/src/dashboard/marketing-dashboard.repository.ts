import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/** The period as SQL takes it: [from, until), instants. */
export interface Period {
  from: Date;
  until: Date;
}

/** A lead reached QUALIFIED: it is there, went through it, or was converted. */
const QUALIFIED = `(l.status IN ('QUALIFIED', 'CONVERTED')
  OR EXISTS (SELECT 1 FROM lead_status_change c WHERE c.lead_id = l.id AND c.to_status = 'QUALIFIED'))`;
/** Leads captured in the period (lead_created_idx). */
const CAPTURED = 'l.created_at >= $1 AND l.created_at < $2';

export interface ConversionRow {
  leads: number;
  qualified: number;
  converted: number;
  mql: number;
  hours_to_mql: number | null;
  hours_to_convert: number | null;
}

export interface SourceRow {
  source: string;
  leads: number;
  qualified: number;
  converted: number;
  mql: number;
}

export interface CampaignRow {
  id: string;
  name: string;
  type: string;
  leads: number;
  converted: number;
  cost_amount: string | null;
  cost_currency: string | null;
  cost_per_lead: string | null;
  sends: number;
  opens: number;
  clicks: number;
  unsubscribes: number;
}

/** The marketing dashboard's figures: one statement per group, each over the period. */
@Injectable()
export class MarketingDashboardRepository {
  funnel(tx: Transaction, p: Period): Promise<{ status: string; leads: number }[]> {
    return tx.manager.query<{ status: string; leads: number }[]>(
      `SELECT l.status, count(*)::int AS leads FROM lead l WHERE ${CAPTURED} GROUP BY l.status`,
      [p.from, p.until],
    );
  }

  async conversion(tx: Transaction, p: Period): Promise<ConversionRow> {
    const [row] = await tx.manager.query<ConversionRow[]>(
      `SELECT count(*)::int AS leads,
              count(*) FILTER (WHERE ${QUALIFIED})::int AS qualified,
              count(l.converted_at)::int AS converted,
              count(s.qualified_at)::int AS mql,
              avg(extract(epoch FROM s.qualified_at - l.created_at) / 3600)::float8 AS hours_to_mql,
              avg(extract(epoch FROM l.converted_at - l.created_at) / 3600)::float8 AS hours_to_convert
       FROM lead l LEFT JOIN lead_score s ON s.lead_id = l.id
       WHERE ${CAPTURED}`,
      [p.from, p.until],
    );
    return row!;
  }

  sources(tx: Transaction, p: Period): Promise<SourceRow[]> {
    return tx.manager.query<SourceRow[]>(
      `SELECT l.source,
              count(*)::int AS leads,
              count(*) FILTER (WHERE ${QUALIFIED})::int AS qualified,
              count(l.converted_at)::int AS converted,
              count(s.qualified_at)::int AS mql
       FROM lead l LEFT JOIN lead_score s ON s.lead_id = l.id
       WHERE ${CAPTURED}
       GROUP BY l.source
       ORDER BY leads DESC, l.source`,
      [p.from, p.until],
    );
  }

  campaigns(tx: Transaction, p: Period, limit: number): Promise<CampaignRow[]> {
    return tx.manager.query<CampaignRow[]>(
      `WITH brought AS (
         SELECT l.source_campaign_id AS campaign_id,
                count(*) FILTER (WHERE ${CAPTURED})::int AS leads,
                count(l.converted_at) FILTER (WHERE ${CAPTURED})::int AS converted,
                count(*)::int AS ever
         FROM lead l WHERE l.source_campaign_id IS NOT NULL GROUP BY 1
       ), mail AS (
         SELECT m.campaign_id,
                count(*) FILTER (WHERE m.status = 'SENT' AND m.sent_at >= $1 AND m.sent_at < $2)::int AS sends,
                count(*) FILTER (WHERE m.opened_at >= $1 AND m.opened_at < $2)::int AS opens,
                count(*) FILTER (WHERE m.clicked_at >= $1 AND m.clicked_at < $2)::int AS clicks
         FROM email_message m
         WHERE (m.sent_at >= $1 AND m.sent_at < $2) OR (m.opened_at >= $1 AND m.opened_at < $2) OR (m.clicked_at >= $1 AND m.clicked_at < $2)
         GROUP BY 1
       ), left_ AS (
         SELECT cm.campaign_id, count(*)::int AS unsubscribes
         FROM campaign_member cm
         WHERE cm.status = 'UNSUBSCRIBED' AND cm.updated_at >= $1 AND cm.updated_at < $2
         GROUP BY 1
       ), figures AS (
         SELECT c.id, c.name, c.type,
                coalesce(b.leads, 0) AS leads, coalesce(b.converted, 0) AS converted,
                c.actual_cost_amount::text AS cost_amount, c.actual_cost_currency AS cost_currency,
                round(c.actual_cost_amount / nullif(b.ever, 0), 2)::text AS cost_per_lead,
                coalesce(m.sends, 0) AS sends, coalesce(m.opens, 0) AS opens, coalesce(m.clicks, 0) AS clicks,
                coalesce(u.unsubscribes, 0) AS unsubscribes
         FROM campaign c
         LEFT JOIN brought b ON b.campaign_id = c.id
         LEFT JOIN mail m ON m.campaign_id = c.id
         LEFT JOIN left_ u ON u.campaign_id = c.id
       )
       SELECT * FROM figures
       WHERE leads + sends + opens + clicks + unsubscribes > 0
       ORDER BY sends DESC, leads DESC, name, id
       LIMIT $3`,
      [p.from, p.until, limit],
    );
  }
}
