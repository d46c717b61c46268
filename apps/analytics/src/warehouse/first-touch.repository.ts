import type { Transaction } from '@crm/database';
import type { ChunkScope } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { firstTouchCampaignSql } from './campaign-touches.sql';

/** What a fact written may have moved the first touch of: a customer's journey, a lead's (its customer's), an opportunity. */
export type FirstTouchKey = { customerId: string | null } | { leadId: string } | { opportunityId: string };

/**
 * The campaign each opportunity is reported by in the cubes, kept in
 * warehouse.opportunity_first_touch per (opportunity, customer) the deals and pipeline facts hold:
 * the cubes read one row per deal instead of working a journey out per deal (47 s for a month ×
 * campaign cube over 300,000 deals). The rule stays campaign-touches.sql's, which attribution
 * also reads.
 *
 * Every handler whose fact can move it says so (`moved`): a touch (for its customer, or its lead's),
 * a conversion, an opportunity's creation, state or close, a merge. Once per chunk, after the
 * chunk's facts are written, the rows of what was named are worked out again from the facts, so
 * they equal what the facts say whatever order the events came in: a replay gives the same rows.
 */
@Injectable()
export class FirstTouchRepository {
  moved(tx: Transaction, chunk: ChunkScope, key: FirstTouchKey): void {
    chunk.defer('warehouse.opportunity_first_touch', key, (keys) => this.refresh(tx, keys));
  }

  private async refresh(tx: Transaction, keys: FirstTouchKey[]): Promise<void> {
    const ids = (pick: (k: FirstTouchKey) => string | null | undefined) => [...new Set(keys.map(pick).filter((id): id is string => !!id))];
    const leads = ids((k) => ('leadId' in k ? k.leadId : null));
    const opportunities = ids((k) => ('opportunityId' in k ? k.opportunityId : null));
    const customers = new Set(ids((k) => ('customerId' in k ? k.customerId : null)));
    // Chunks of other partitions write the same journeys at once (a touch here, the customer's deal
    // or the lead's conversion there); each refresh reads only what was committed, so without an
    // order both could miss the other's fact. A refresh first locks its leads, then its customers,
    // each in key order, and reads the facts only once it holds them: whichever commits second
    // sees the first's facts. (Leads before customers in every chunk: no two wait on each other.)
    if (leads.length) {
      await this.lock(tx, 'first-touch-lead:', leads);
      const converted = await tx.manager.query<{ customer_id: string }[]>(
        'SELECT customer_id FROM warehouse.lead_conversion WHERE lead_id = ANY($1::uuid[])',
        [leads],
      );
      for (const c of converted) customers.add(c.customer_id);
    }
    if (opportunities.length) {
      const held = await tx.manager.query<{ customer_id: string }[]>(
        `SELECT customer_id FROM warehouse.fact_deal WHERE opportunity_id = ANY($1::uuid[])
         UNION SELECT customer_id FROM warehouse.fact_opportunity_snapshot WHERE opportunity_id = ANY($1::uuid[])
         UNION SELECT customer_id FROM warehouse.opportunity_first_touch WHERE opportunity_id = ANY($1::uuid[])`,
        [opportunities],
      );
      for (const c of held) customers.add(c.customer_id);
    }
    if (!customers.size) return;
    await this.lock(tx, 'first-touch-customer:', [...customers]);
    const named = (t: string) => `(${t}.customer_id = ANY($1::uuid[]) OR ${t}.opportunity_id = ANY($2::uuid[]))`;
    // Pairs no fact holds any more (a deal moved to another customer, a merge) go; the rest are set
    // in key order, so two chunks refreshing the same customer lock its rows in one order.
    await tx.manager.query(
      `WITH pair AS (
         SELECT opportunity_id, customer_id FROM warehouse.fact_deal d WHERE ${named('d')}
         UNION SELECT opportunity_id, customer_id FROM warehouse.fact_opportunity_snapshot o WHERE ${named('o')}
       ), gone AS (
         DELETE FROM warehouse.opportunity_first_touch f WHERE ${named('f')}
           AND NOT EXISTS (SELECT 1 FROM pair p WHERE p.opportunity_id = f.opportunity_id AND p.customer_id = f.customer_id)
       )
       INSERT INTO warehouse.opportunity_first_touch AS f (opportunity_id, customer_id, campaign_id)
       SELECT p.opportunity_id, p.customer_id, ${firstTouchCampaignSql('p.customer_id', 'p.opportunity_id')} FROM pair p ORDER BY 1, 2
       ON CONFLICT (opportunity_id, customer_id) DO UPDATE SET campaign_id = excluded.campaign_id
       WHERE f.campaign_id IS DISTINCT FROM excluded.campaign_id`,
      [[...customers], opportunities],
    );
  }

  /** Transaction-scoped advisory locks on `ids` under `prefix`, taken in key order (as the segments' and churn's are). */
  private async lock(tx: Transaction, prefix: string, ids: string[]): Promise<void> {
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended($1 || c, 0)) FROM (SELECT DISTINCT unnest($2::text[]) AS c ORDER BY 1) ids`,
      [prefix, ids],
    );
  }
}
