import type { Transaction } from '@crm/database';
import { inRuns, type ChunkScope } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { notAfter, type EventPosition } from './event-order';

export interface Money {
  amount: string;
  currency: string;
}

export interface OpportunityState {
  opportunityId: string;
  customerId: string;
  name: string;
  pipelineId: string;
  stageId: string;
  status: string;
  amount: Money;
  closeDate: string;
  ownerId: string | null;
  partnerId?: string | null;
}

export interface StageTransition {
  eventId: string;
  seq: number;
  opportunityId: string;
  customerId: string;
  fromStageId: string | null;
  fromStatus: string | null;
  toStageId: string;
  toStatus: string;
  amount: Money;
  ownerId: string | null;
  partnerId: string | null;
  at: Date;
}

export interface Line {
  productId: string;
  quantity: string;
  unitPrice: Money;
  discountPercent: string;
  net: Money;
}

/** The position of the close a deal's row holds, and of the close being applied ($1 its time, $10 and $11). */
const CLOSE_APPLIED = (row: string) => ({ producer: `${row}.closed_source`, sequence: `${row}.closed_sequence`, at: `${row}.closed_at` });
const CLOSE_GIVEN = { producer: '$10', sequence: '$11::numeric', at: '$1::timestamptz' };

/** The day an instant falls on, in UTC: the warehouse's days are UTC days. */
const DAY = `($1::timestamptz AT TIME ZONE 'UTC')::date`;

export interface ActivityFact {
  activityId: string;
  customerId: string;
  opportunityId: string | null;
  type: string;
  ownerId: string | null;
  automated?: boolean;
}

/** What a chunk's events do to fact_activity, in their order: an activity's state to upsert, or its completion or deletion. */
type ActivityWrite =
  { upsert: ActivityFact & { at: Date } } | { done: { activityId: string; field: 'completed_at' | 'deleted_at'; at: Date | null } };
const isUpsert = (w: ActivityWrite): w is { upsert: ActivityFact & { at: Date } } => 'upsert' in w;

/**
 * SQL for the warehouse schema. Every write is keyed by the event's or the record's id and written
 * so that applying the same event again changes nothing, and so that an older event arriving after
 * a newer one never overwrites it (an opportunity's snapshot keeps the latest by its producer's
 * commit order, see `notAfter`).
 */
/** What a type-2 row of the customer dimension keeps; a change of any opens a new row. */
export interface CustomerAttributes {
  name?: string;
  kind?: string;
  deleted?: boolean;
  /** 1 is the top tier; null: none. */
  tier?: number | null;
  lifecycleStage?: string | null;
  industry?: string | null;
}
const CUSTOMER_ATTRIBUTES = ['name', 'kind', 'deleted', 'tier', 'lifecycleStage', 'industry'] as const;

@Injectable()
export class WarehouseRepository {
  /**
   * The date dimension grows with the facts: one row per day any fact falls on. Written once per
   * chunk for all its facts' days (nothing reads it while the chunk applies), in day order, so two
   * chunks adding the same new days wait on each other in one order.
   */
  day(tx: Transaction, chunk: ChunkScope, at: Date): void {
    chunk.defer('warehouse.dim_date', at, async (ats) => {
      await tx.manager.query(
        `INSERT INTO warehouse.dim_date (date_key, year, quarter, month, week, day_of_week)
         SELECT d, extract(year FROM d), extract(quarter FROM d), extract(month FROM d), date_trunc('week', d::timestamp)::date, extract(isodow FROM d)
         FROM (SELECT DISTINCT (t AT TIME ZONE 'UTC')::date AS d FROM unnest($1::timestamptz[]) t) x
         ORDER BY d
         ON CONFLICT (date_key) DO NOTHING`,
        [ats],
      );
    });
  }

  /**
   * A new version of the customer when what it is changed (type 2): the current row is closed at
   * `at` and a new one opened from `at`. Unchanged attributes open no version; an event older than
   * the current version (a late history import) does not rewrite history.
   */
  async customerVersion(tx: Transaction, customerId: string, at: Date, attrs: CustomerAttributes): Promise<void> {
    const [cur] = await tx.manager.query<(Required<CustomerAttributes> & { valid_from: Date })[]>(
      `SELECT valid_from, name, kind, deleted, tier, lifecycle_stage AS "lifecycleStage", industry
       FROM warehouse.dim_customer WHERE customer_id = $1 AND valid_to IS NULL FOR UPDATE`,
      [customerId],
    );
    // What the event does not say stays as it was.
    const next: Required<CustomerAttributes> = {
      name: attrs.name ?? cur?.name ?? '',
      kind: attrs.kind ?? cur?.kind ?? 'COMPANY',
      deleted: attrs.deleted ?? cur?.deleted ?? false,
      tier: attrs.tier !== undefined ? attrs.tier : (cur?.tier ?? null),
      lifecycleStage: attrs.lifecycleStage !== undefined ? attrs.lifecycleStage : (cur?.lifecycleStage ?? null),
      industry: attrs.industry !== undefined ? attrs.industry : (cur?.industry ?? null),
    };
    const same = cur && CUSTOMER_ATTRIBUTES.every((k) => cur[k] === next[k]);
    if (cur && (cur.valid_from >= at || same)) return;
    if (cur)
      await tx.manager.query('UPDATE warehouse.dim_customer SET valid_to = $2 WHERE customer_id = $1 AND valid_to IS NULL', [
        customerId,
        at,
      ]);
    await tx.manager.query(
      `INSERT INTO warehouse.dim_customer (customer_id, valid_from, name, kind, deleted, tier, lifecycle_stage, industry)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [customerId, at, next.name, next.kind, next.deleted, next.tier, next.lifecycleStage, next.industry],
    );
  }

  async owner(
    tx: Transaction,
    o: { userId: string; name: string; email: string | null; active: boolean; managerId: string | null; regionalOffice: string | null },
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO warehouse.dim_owner (owner_id, name, email, active, manager_id, regional_office) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (owner_id) DO UPDATE SET name = $2, email = $3, active = $4, manager_id = $5, regional_office = $6`,
      [o.userId, o.name, o.email, o.active, o.managerId, o.regionalOffice],
    );
  }

  async ownerActive(tx: Transaction, userId: string, active: boolean): Promise<void> {
    await tx.manager.query('UPDATE warehouse.dim_owner SET active = $2 WHERE owner_id = $1', [userId, active]);
  }

  async partner(tx: Transaction, p: { partnerId: string; name: string; kind?: string; tier?: string }): Promise<void> {
    await tx.manager.query(
      `INSERT INTO warehouse.dim_partner (partner_id, name, kind, tier, status) VALUES ($1, $2, $3, $4, 'ACTIVE')
       ON CONFLICT (partner_id) DO UPDATE SET name = $2, kind = coalesce($3, dim_partner.kind), tier = coalesce($4, dim_partner.tier)`,
      [p.partnerId, p.name, p.kind ?? null, p.tier ?? null],
    );
  }

  async partnerStatus(tx: Transaction, partnerId: string, status: string): Promise<void> {
    await tx.manager.query('UPDATE warehouse.dim_partner SET status = $2 WHERE partner_id = $1', [partnerId, status]);
  }

  async campaign(
    tx: Transaction,
    c: { campaignId: string; name?: string; campaignType?: string; status: string; parentId?: string | null },
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO warehouse.dim_campaign (campaign_id, name, campaign_type, status, parent_id) VALUES ($1, coalesce($2, ''), coalesce($3, ''), $4, $5)
       ON CONFLICT (campaign_id) DO UPDATE SET name = coalesce($2, dim_campaign.name), campaign_type = coalesce($3, dim_campaign.campaign_type),
         status = $4, parent_id = coalesce($5, dim_campaign.parent_id)`,
      [c.campaignId, c.name ?? null, c.campaignType ?? null, c.status, c.parentId ?? null],
    );
  }

  /** What a v2 campaign event says the campaign is now: its parent and its costs, null clearing them. */
  async campaignParentAndCosts(
    tx: Transaction,
    c: { campaignId: string; parentId: string | null; budget: Money | null; actualCost: Money | null },
  ): Promise<void> {
    await tx.manager.query(
      `UPDATE warehouse.dim_campaign SET parent_id = $2, budget_amount = $3, budget_currency = $4, actual_cost_amount = $5, actual_cost_currency = $6
       WHERE campaign_id = $1`,
      [
        c.campaignId,
        c.parentId,
        c.budget?.amount ?? null,
        c.budget?.currency ?? null,
        c.actualCost?.amount ?? null,
        c.actualCost?.currency ?? null,
      ],
    );
  }

  async stageTransition(tx: Transaction, chunk: ChunkScope, t: StageTransition): Promise<void> {
    this.day(tx, chunk, t.at);
    await tx.manager.query(
      `INSERT INTO warehouse.fact_opportunity_stage (event_id, seq, opportunity_id, customer_id, from_stage_id, to_stage_id, from_status, to_status,
         amount, currency, owner_id, partner_id, changed_at, date_key)
       VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $1, ${DAY})
       ON CONFLICT (event_id, seq) DO NOTHING`,
      [
        t.at,
        t.eventId,
        t.seq,
        t.opportunityId,
        t.customerId,
        t.fromStageId,
        t.toStageId,
        t.fromStatus,
        t.toStatus,
        t.amount.amount,
        t.amount.currency,
        t.ownerId,
        t.partnerId,
      ],
    );
  }

  /**
   * The opportunity as the event at `at` left it. An event that sales committed before the one
   * already applied changes nothing, even when it arrives later (another customer's partition) or
   * its business time is newer (lines set today on a deal won with a back-dated close).
   */
  async snapshot(tx: Transaction, o: OpportunityState, at: EventPosition): Promise<void> {
    const applied = {
      producer: 'fact_opportunity_snapshot.as_of_source',
      sequence: 'fact_opportunity_snapshot.as_of_sequence',
      at: 'fact_opportunity_snapshot.as_of',
    };
    await tx.manager.query(
      `INSERT INTO warehouse.fact_opportunity_snapshot (opportunity_id, customer_id, name, pipeline_id, stage_id, status, amount, currency,
         close_date, owner_id, partner_id, as_of, as_of_source, as_of_sequence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (opportunity_id) DO UPDATE SET customer_id = $2, name = $3, pipeline_id = $4, stage_id = $5, status = $6, amount = $7,
         currency = $8, close_date = $9, owner_id = $10, partner_id = coalesce($11, fact_opportunity_snapshot.partner_id), as_of = $12,
         as_of_source = $13, as_of_sequence = $14
       WHERE ${notAfter(applied, { producer: '$13', sequence: '$14::numeric', at: '$12::timestamptz' })}`,
      [
        o.opportunityId,
        o.customerId,
        o.name,
        o.pipelineId,
        o.stageId,
        o.status,
        o.amount.amount,
        o.amount.currency,
        o.closeDate,
        o.ownerId,
        o.partnerId ?? null,
        at.at,
        at.producer,
        at.sequence,
      ],
    );
  }

  /**
   * Replaces the opportunity's lines with these (the event carries the whole set), unless the lines
   * there came from an event sales committed later: the same order `snapshot` keeps, which has
   * written the row this records the lines' position on.
   */
  async lines(tx: Transaction, opportunityId: string, lines: Line[], at: EventPosition): Promise<void> {
    const applied = {
      producer: 'fact_opportunity_snapshot.lines_source',
      sequence: 'fact_opportunity_snapshot.lines_sequence',
      at: 'fact_opportunity_snapshot.lines_as_of',
    };
    // A SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count], not its rows.
    const [{ newer }] = await tx.manager.query<[{ newer: boolean }]>(
      `WITH u AS (UPDATE warehouse.fact_opportunity_snapshot SET lines_as_of = $2, lines_source = $3, lines_sequence = $4
         WHERE opportunity_id = $1 AND (lines_as_of IS NULL OR ${notAfter(applied, { producer: '$3', sequence: '$4::numeric', at: '$2::timestamptz' })})
         RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM u) AS newer`,
      [opportunityId, at.at, at.producer, at.sequence],
    );
    if (!newer) return;
    await tx.manager.query('DELETE FROM warehouse.opportunity_line WHERE opportunity_id = $1', [opportunityId]);
    if (!lines.length) return;
    await tx.manager.query(`INSERT INTO warehouse.dim_product (product_id) SELECT DISTINCT unnest($1::uuid[]) ON CONFLICT DO NOTHING`, [
      lines.map((l) => l.productId),
    ]);
    await tx.manager.query(
      `INSERT INTO warehouse.opportunity_line (opportunity_id, line_no, product_id, quantity, unit_price, discount_percent, net, currency)
       SELECT $1, n, p, q, u, d, net, c FROM unnest($2::uuid[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::text[])
         WITH ORDINALITY AS l(p, q, u, d, net, c, n)`,
      [
        opportunityId,
        lines.map((l) => l.productId),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPrice.amount),
        lines.map((l) => l.discountPercent),
        lines.map((l) => l.net.amount),
        lines.map((l) => l.net.currency),
      ],
    );
  }

  /**
   * The deal closed (won or lost) at `at`, with the lines it had then. A deal reopened and closed
   * again keeps its latest close in sales' commit order (`notAfter`): lost, reopened and then won
   * with a back-dated close is won, on the date the win gives.
   */
  async closeDeal(
    tx: Transaction,
    chunk: ChunkScope,
    d: {
      opportunityId: string;
      outcome: 'WON' | 'LOST';
      customerId: string;
      ownerId: string | null;
      partnerId: string | null;
      amount: Money;
      reason: string | null;
    },
    position: EventPosition,
  ): Promise<void> {
    const at = position.at;
    this.day(tx, chunk, at);
    // The close it replaces (if this one is not older) leaves the per-day sums before its facts go.
    await this.sumDealLines(tx, d.opportunityId, -1, position);
    const closed = await tx.manager.query<unknown[]>(
      `INSERT INTO warehouse.fact_deal (opportunity_id, outcome, customer_id, owner_id, partner_id, amount, currency, reason, closed_at, date_key,
         closed_source, closed_sequence)
       VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $1, ${DAY}, $10, $11)
       ON CONFLICT (opportunity_id) DO UPDATE SET outcome = $3, customer_id = $4, owner_id = $5, partner_id = $6, amount = $7, currency = $8,
         reason = $9, closed_at = $1, date_key = ${DAY}, closed_source = $10, closed_sequence = $11
       WHERE ${notAfter(CLOSE_APPLIED('fact_deal'), CLOSE_GIVEN)}
       RETURNING opportunity_id`,
      [
        at,
        d.opportunityId,
        d.outcome,
        d.customerId,
        d.ownerId,
        d.partnerId,
        d.amount.amount,
        d.amount.currency,
        d.reason,
        position.producer,
        position.sequence,
      ],
    );
    if (!closed.length) return;
    await tx.manager.query('DELETE FROM warehouse.fact_deal_line WHERE opportunity_id = $1', [d.opportunityId]);
    await tx.manager.query(
      `INSERT INTO warehouse.fact_deal_line (opportunity_id, line_no, product_id, quantity, net, currency)
       SELECT opportunity_id, line_no, product_id, quantity, net, currency FROM warehouse.opportunity_line WHERE opportunity_id = $1`,
      [d.opportunityId],
    );
    await this.sumDealLines(tx, d.opportunityId, 1, null);
  }

  /**
   * Adds (sign 1) or takes back (-1) the deal's lines in agg_deal_line_day, only when the deal's
   * close came no later than `replacedBy` (null: any close), the same test that lets a close replace it.
   * Keys in order, so two deals' transactions lock shared day rows in one order; a row left with no
   * line is deleted, so the sums hold exactly the groups the facts hold.
   */
  private async sumDealLines(tx: Transaction, opportunityId: string, sign: 1 | -1, replacedBy: EventPosition | null): Promise<void> {
    const rows = await tx.manager.query<{ date_key: string; product_id: string; currency: string; lines: number }[]>(
      `INSERT INTO warehouse.agg_deal_line_day AS a (date_key, product_id, currency, lines, won_lines, won_net, won_quantity)
       SELECT d.date_key, l.product_id, l.currency, $2::int * count(*), $2::int * count(*) FILTER (WHERE d.outcome = 'WON'),
              $2::int * coalesce(sum(l.net) FILTER (WHERE d.outcome = 'WON'), 0), $2::int * coalesce(sum(l.quantity) FILTER (WHERE d.outcome = 'WON'), 0)
       FROM warehouse.fact_deal d JOIN warehouse.fact_deal_line l ON l.opportunity_id = d.opportunity_id
       WHERE d.opportunity_id = $1 AND ($3::timestamptz IS NULL OR ${notAfter(CLOSE_APPLIED('d'), { producer: '$4', sequence: '$5::numeric', at: '$3::timestamptz' })})
       GROUP BY d.date_key, l.product_id, l.currency ORDER BY 1, 2, 3
       ON CONFLICT (date_key, product_id, currency) DO UPDATE SET lines = a.lines + excluded.lines, won_lines = a.won_lines + excluded.won_lines,
         won_net = a.won_net + excluded.won_net, won_quantity = a.won_quantity + excluded.won_quantity
       RETURNING a.date_key::text, a.product_id, a.currency, a.lines`,
      [opportunityId, sign, replacedBy?.at ?? null, replacedBy?.producer ?? null, replacedBy?.sequence ?? null],
    );
    const emptied = rows.filter((r) => r.lines === 0);
    if (!emptied.length) return;
    await tx.manager.query(
      `DELETE FROM warehouse.agg_deal_line_day a USING unnest($1::date[], $2::uuid[], $3::text[]) AS k(date_key, product_id, currency)
       WHERE a.date_key = k.date_key AND a.product_id = k.product_id AND a.currency = k.currency AND a.lines = 0`,
      [emptied.map((r) => r.date_key), emptied.map((r) => r.product_id), emptied.map((r) => r.currency)],
    );
  }

  /** Moves a merged customer's facts to the survivor, as sales moved its records. */
  async mergeCustomer(tx: Transaction, mergedId: string, survivorId: string): Promise<void> {
    for (const table of [
      'fact_opportunity_stage',
      'fact_opportunity_snapshot',
      'fact_deal',
      'fact_case',
      'fact_activity',
      'fact_email',
      'fact_form_submission',
      'fact_commission',
      'fact_survey_answer',
      'fact_loyalty_entry',
      'fact_loyalty_tier_change',
      'fact_campaign_member',
      'fact_lead_qualified',
      'lead_conversion',
    ]) {
      await tx.manager.query(`UPDATE warehouse.${table} SET customer_id = $2 WHERE customer_id = $1`, [mergedId, survivorId]);
    }
  }

  async caseOpened(
    tx: Transaction,
    chunk: ChunkScope,
    c: { caseId: string; customerId: string; productId: string | null; priority: string; status: string; queueId: string | null },
    at: Date,
  ): Promise<void> {
    this.day(tx, chunk, at);
    if (c.productId)
      await tx.manager.query('INSERT INTO warehouse.dim_product (product_id) VALUES ($1) ON CONFLICT DO NOTHING', [c.productId]);
    await tx.manager.query(
      `INSERT INTO warehouse.fact_case (case_id, customer_id, product_id, priority, status, opened_at, date_key, queue_id, queue_at)
       VALUES ($2, $3, $4, $5, $6, $1, ${DAY}, $7, $1) ON CONFLICT (case_id) DO NOTHING`,
      [at, c.caseId, c.customerId, c.productId, c.priority, c.status, c.queueId],
    );
  }

  /** Resolved when it reaches RESOLVED or CLOSED the first time; reopening clears it. */
  async caseStatus(tx: Transaction, caseId: string, status: string, at: Date): Promise<void> {
    await tx.manager.query(
      `UPDATE warehouse.fact_case SET status = $2,
         resolved_at = CASE WHEN $2 IN ('RESOLVED', 'CLOSED') THEN coalesce(resolved_at, $3) ELSE NULL END
       WHERE case_id = $1`,
      [caseId, status, at],
    );
  }

  async casePriority(tx: Transaction, caseId: string, priority: string): Promise<void> {
    await tx.manager.query('UPDATE warehouse.fact_case SET priority = $2 WHERE case_id = $1', [caseId, priority]);
  }

  async caseBreached(tx: Transaction, caseId: string, target: 'FIRST_RESPONSE' | 'RESOLUTION'): Promise<void> {
    const column = target === 'FIRST_RESPONSE' ? 'first_response_breached' : 'resolution_breached';
    await tx.manager.query(`UPDATE warehouse.fact_case SET ${column} = true WHERE case_id = $1`, [caseId]);
  }

  /** The queue the case is in (null: none) as of `at`; an older event than the one applied changes nothing. */
  async caseQueue(tx: Transaction, caseId: string, queueId: string | null, at: Date): Promise<void> {
    await tx.manager.query(
      'UPDATE warehouse.fact_case SET queue_id = $2, queue_at = $3 WHERE case_id = $1 AND (queue_at IS NULL OR queue_at <= $3)',
      [caseId, queueId, at],
    );
  }

  /** The contact's answer to the case's satisfaction survey: one per case (service takes no second). */
  async surveyAnswer(
    tx: Transaction,
    chunk: ChunkScope,
    a: { caseId: string; customerId: string; productId: string | null; score: number; hasComment: boolean },
    at: Date,
  ): Promise<void> {
    this.day(tx, chunk, at);
    await tx.manager.query(
      `INSERT INTO warehouse.fact_survey_answer (case_id, customer_id, product_id, score, has_comment, answered_at, date_key)
       VALUES ($2, $3, $4, $5, $6, $1, ${DAY}) ON CONFLICT (case_id) DO NOTHING`,
      [at, a.caseId, a.customerId, a.productId, a.score, a.hasComment],
    );
  }

  /** One entry of a customer's loyalty ledger: points earned (positive) or redeemed or expired (negative). */
  async loyaltyEntry(
    tx: Transaction,
    chunk: ChunkScope,
    e: { entryId: string; customerId: string; kind: string; points: number; balance: number },
    at: Date,
  ): Promise<void> {
    this.day(tx, chunk, at);
    await tx.manager.query(
      `INSERT INTO warehouse.fact_loyalty_entry (entry_id, customer_id, kind, points, balance, occurred_at, date_key)
       VALUES ($2, $3, $4, $5, $6, $1, ${DAY}) ON CONFLICT (entry_id) DO NOTHING`,
      [at, e.entryId, e.customerId, e.kind, e.points, e.balance],
    );
  }

  /**
   * A move of the customer's loyalty tier, keyed by its event: the changes say which tier a customer
   * had at any instant (the latest at or before it), whatever order they arrive in.
   */
  async loyaltyTierChange(
    tx: Transaction,
    chunk: ChunkScope,
    c: { eventId: string; customerId: string; from: string | null; to: string | null; periodPoints: number },
    at: Date,
  ): Promise<void> {
    this.day(tx, chunk, at);
    await tx.manager.query(
      `INSERT INTO warehouse.fact_loyalty_tier_change (event_id, customer_id, from_tier, to_tier, period_points, changed_at, date_key)
       VALUES ($2, $3, $4, $5, $6, $1, ${DAY}) ON CONFLICT (event_id) DO NOTHING`,
      [at, c.eventId, c.customerId, c.from, c.to, c.periodPoints],
    );
  }

  /**
   * A lead's source as a capture or an edit set it, kept with the change's position: a deal reports
   * the source its lead had when converted (`sourceAtConversion`), which later edits do not move.
   */
  async leadSource(tx: Transaction, eventId: string, leadId: string, source: string, at: EventPosition): Promise<void> {
    await tx.manager.query(
      `INSERT INTO warehouse.lead_source_change (event_id, lead_id, source, changed_at, producer, sequence) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id) DO NOTHING`,
      [eventId, leadId, source, at.at, at.producer, at.sequence],
    );
  }

  /**
   * The activity's state as of `at` (its type, opportunity and owner; the rest as it was created).
   * Written at the end of the chunk, with the chunk's other activities, in one statement.
   */
  activity(tx: Transaction, chunk: ChunkScope, a: ActivityFact, at: Date): void {
    this.activityWrite(tx, chunk, { upsert: { ...a, at } });
    this.day(tx, chunk, at);
  }

  /** Completed (or reopened: null) or deleted, after whatever the chunk said of the activity before. */
  activityDone(tx: Transaction, chunk: ChunkScope, activityId: string, field: 'completed_at' | 'deleted_at', at: Date | null): void {
    this.activityWrite(tx, chunk, { done: { activityId, field, at } });
  }

  private activityWrite(tx: Transaction, chunk: ChunkScope, w: ActivityWrite): void {
    chunk.defer('warehouse.fact_activity', w, (writes) =>
      inRuns(
        writes,
        isUpsert,
        (run) =>
          this.upsertActivities(
            tx,
            run.map((w) => w.upsert),
          ),
        ({ done }) => this.markActivity(tx, done.activityId, done.field, done.at),
      ),
    );
  }

  /**
   * One statement for a run of activity events. An activity twice in the run is one row, as the
   * events one by one would leave it: created as the first said, typed, linked and owned as the
   * last said. In activity id order, so two chunks lock shared rows in one order.
   */
  private async upsertActivities(tx: Transaction, run: (ActivityFact & { at: Date })[]): Promise<void> {
    const byId = new Map<string, ActivityFact & { at: Date }>();
    for (const a of run) {
      const first = byId.get(a.activityId);
      byId.set(a.activityId, first ? { ...first, opportunityId: a.opportunityId, type: a.type, ownerId: a.ownerId } : a);
    }
    await tx.manager.query(
      `INSERT INTO warehouse.fact_activity (activity_id, customer_id, opportunity_id, type, owner_id, automated, created_at, date_key)
       SELECT a."activityId", a."customerId", a."opportunityId", a.type, a."ownerId", coalesce(a.automated, false), a.at, (a.at AT TIME ZONE 'UTC')::date
       FROM json_to_recordset($1::json) AS a("activityId" uuid, "customerId" uuid, "opportunityId" uuid, type text, "ownerId" uuid,
         automated boolean, at timestamptz)
       ORDER BY a."activityId"
       ON CONFLICT (activity_id) DO UPDATE SET opportunity_id = excluded.opportunity_id, type = excluded.type, owner_id = excluded.owner_id`,
      [
        JSON.stringify(
          [...byId.values()].map((a) => ({
            activityId: a.activityId,
            customerId: a.customerId,
            opportunityId: a.opportunityId,
            type: a.type,
            ownerId: a.ownerId,
            automated: a.automated ?? null,
            at: a.at,
          })),
        ),
      ],
    );
  }

  private async markActivity(tx: Transaction, activityId: string, field: 'completed_at' | 'deleted_at', at: Date | null): Promise<void> {
    await tx.manager.query(`UPDATE warehouse.fact_activity SET ${field} = $2 WHERE activity_id = $1`, [activityId, at]);
  }

  /** One row per message; sending, the first open and the first click set their time, every open and click counts. */
  async email(
    tx: Transaction,
    m: { messageId: string; campaignId: string; personKind: string; personId: string; customerId: string | null },
    what: 'sent' | 'opened' | 'clicked',
    at: Date,
  ): Promise<void> {
    const set = {
      sent: 'sent_at = coalesce(fact_email.sent_at, $6)',
      opened: 'first_opened_at = least(fact_email.first_opened_at, $6), opens = fact_email.opens + 1',
      clicked: 'first_clicked_at = least(fact_email.first_clicked_at, $6), clicks = fact_email.clicks + 1',
    }[what];
    await tx.manager.query(
      `INSERT INTO warehouse.fact_email AS fact_email (message_id, campaign_id, person_kind, person_id, customer_id,
         sent_at, first_opened_at, first_clicked_at, opens, clicks)
       VALUES ($1, $2, $3, $4, $5, $7, $8, $9, $10, $11)
       ON CONFLICT (message_id) DO UPDATE SET ${set}`,
      [
        m.messageId,
        m.campaignId,
        m.personKind,
        m.personId,
        m.customerId,
        at,
        what === 'sent' ? at : null,
        what === 'opened' ? at : null,
        what === 'clicked' ? at : null,
        what === 'opened' ? 1 : 0,
        what === 'clicked' ? 1 : 0,
      ],
    );
  }

  async formSubmission(
    tx: Transaction,
    chunk: ChunkScope,
    f: {
      submissionId: string;
      formId: string;
      formName: string;
      leadId: string;
      customerId: string | null;
      campaignId: string | null;
      utmSource: string | null;
      utmMedium: string | null;
      isNewLead: boolean;
      scorePoints: number;
    },
    at: Date,
  ): Promise<void> {
    this.day(tx, chunk, at);
    await tx.manager.query(
      `INSERT INTO warehouse.fact_form_submission (submission_id, form_id, form_name, lead_id, customer_id, campaign_id, utm_source, utm_medium,
         is_new_lead, score_points, submitted_at, date_key)
       VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $1, ${DAY}) ON CONFLICT (submission_id) DO NOTHING`,
      [
        at,
        f.submissionId,
        f.formId,
        f.formName,
        f.leadId,
        f.customerId,
        f.campaignId,
        f.utmSource,
        f.utmMedium,
        f.isNewLead,
        f.scorePoints,
      ],
    );
  }

  /** A commission's life: accrued, approved, paid, reversed, each setting its own time. */
  async commission(
    tx: Transaction,
    c: { commissionId: string; partnerId: string; opportunityId: string; customerId: string; amount: Money },
    status: 'ACCRUED' | 'APPROVED' | 'PAID' | 'REVERSED',
    at: Date,
  ): Promise<void> {
    const column = { ACCRUED: 'accrued_at', APPROVED: 'approved_at', PAID: 'paid_at', REVERSED: 'reversed_at' }[status];
    await tx.manager.query(
      `INSERT INTO warehouse.fact_commission (commission_id, partner_id, opportunity_id, customer_id, amount, currency, status, ${column})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (commission_id) DO UPDATE SET amount = $5, currency = $6, ${column} = $8,
         -- A reversal is final; otherwise the status follows the latest step.
         status = CASE WHEN fact_commission.status = 'REVERSED' THEN 'REVERSED' ELSE $7 END`,
      [c.commissionId, c.partnerId, c.opportunityId, c.customerId, c.amount.amount, c.amount.currency, status, at],
    );
  }

  /** A campaign member: when it first joined, and its latest status (an older event never overwrites a newer). */
  async campaignMember(
    tx: Transaction,
    m: { campaignId: string; personId: string; personKind: string; customerId: string | null; to: string },
    at: Date,
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO warehouse.fact_campaign_member AS m (campaign_id, person_id, person_kind, customer_id, status, added_at, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (campaign_id, person_id) DO UPDATE SET added_at = least(m.added_at, $6),
         customer_id = coalesce($4, m.customer_id),
         status = CASE WHEN $6 >= m.changed_at THEN $5 ELSE m.status END, changed_at = greatest(m.changed_at, $6)`,
      [m.campaignId, m.personId, m.personKind, m.customerId, m.to, at],
    );
  }

  /**
   * The customer a lead became: its touches from before, which name no customer, are that
   * customer's; and the opportunity the conversion opened (if any), whose source is the lead's.
   */
  async leadConverted(tx: Transaction, leadId: string, customerId: string, opportunityId: string | null, at: EventPosition): Promise<void> {
    await tx.manager.query(
      `INSERT INTO warehouse.lead_conversion (lead_id, customer_id, opportunity_id, converted_at, producer, sequence)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (lead_id) DO NOTHING`,
      [leadId, customerId, opportunityId, at.at, at.producer, at.sequence],
    );
  }

  /** The first time a lead became marketing-qualified. */
  async leadQualified(tx: Transaction, leadId: string, customerId: string | null, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO warehouse.fact_lead_qualified AS q (lead_id, customer_id, qualified_at) VALUES ($1, $2, $3)
       ON CONFLICT (lead_id) DO UPDATE SET qualified_at = least(q.qualified_at, $3), customer_id = coalesce($2, q.customer_id)`,
      [leadId, customerId, at],
    );
  }
}
