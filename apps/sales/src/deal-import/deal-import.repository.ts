import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/** An opportunity row of an import, with the external id it is keyed by. */
export interface ImportedOpportunityRow {
  id: string;
  externalId: string;
  customerId: string;
  name: string;
  amount: string;
  currency: string;
  closeDate: string;
  ownerId: string | null;
  pipelineId: string;
  stageId: string;
  status: string;
  closeReason: string | null;
  closedAt: Date | null;
  createdAt: Date;
  amountSetByHand: boolean;
}

export interface ImportedStageChangeRow {
  opportunityId: string;
  fromStageId: string | null;
  toStageId: string;
  fromStatus: string | null;
  toStatus: string;
  changedBy: string | null;
  changedAt: Date;
}

export interface ImportedLineRow {
  id: string;
  opportunityId: string;
  position: number;
  productId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  netAmount: string;
}

/**
 * The SQL of a bulk history import: a constant number of statements per batch, whatever its size
 * (lookups by `= ANY`, inserts from `json_to_recordset` of one JSON parameter per statement). One
 * JSON text rather than an array per column: JSON.stringify is native, where node-postgres escapes
 * each element of each array in JavaScript, which cost more than the rest of the inserts did.
 * The JSON keys are the rows' own (camelCase) property names, quoted in the column lists.
 */
@Injectable()
export class DealImportRepository {
  /** The opportunities already imported under these external ids. */
  async opportunitiesByExternalId(tx: Transaction, externalIds: string[]): Promise<Map<string, string>> {
    const rows = await tx.manager.query<{ id: string; external_id: string }[]>(
      'SELECT id, external_id FROM opportunity WHERE external_id = ANY($1::text[])',
      [externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  async customersByExternalId(tx: Transaction, externalIds: string[]): Promise<Map<string, string>> {
    if (externalIds.length === 0) return new Map();
    const rows = await tx.manager.query<{ id: string; external_id: string }[]>(
      'SELECT id, external_id FROM customer WHERE external_id = ANY($1::text[]) AND deleted_at IS NULL',
      [externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  /** Creates the accounts whose external id is new; answers those this call created. */
  async insertAccounts(tx: Transaction, accounts: { id: string; externalId: string; name: string; at: Date }[]): Promise<Set<string>> {
    if (accounts.length === 0) return new Set();
    const rows = await tx.manager.query<{ id: string }[]>(
      `INSERT INTO customer (id, external_id, name, kind, lifecycle_stage, created_at, updated_at)
       SELECT a.id, a."externalId", a.name, 'COMPANY', 'CUSTOMER', a.at, a.at
       FROM json_to_recordset($1::json) AS a(id uuid, "externalId" text, name text, at timestamptz)
       ON CONFLICT (external_id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(accounts)],
    );
    return new Set(rows.map((r) => r.id));
  }

  async stagesOf(tx: Transaction): Promise<{ id: string; pipeline_id: string; outcome: string; position: number }[]> {
    return tx.manager.query('SELECT id, pipeline_id, outcome, position FROM pipeline_stage ORDER BY pipeline_id, position');
  }

  async defaultPipelineId(tx: Transaction): Promise<string | null> {
    const [first] = await tx.manager.query<{ id: string }[]>('SELECT id FROM pipeline ORDER BY created_at, id LIMIT 1');
    return first?.id ?? null;
  }

  async products(tx: Transaction, ids: string[]): Promise<Map<string, { name: string; active: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.manager.query<{ id: string; name: string; active: boolean }[]>(
      'SELECT id, name, active FROM product WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { name: r.name, active: r.active }]));
  }

  /**
   * The deals this transaction inserts go to the monthly rollup when `addToRollup` is called, not at
   * their insert: the rollup's rows are the same for every batch, and a batch holds them locked from
   * when it adds to them until it commits, so adding last lets concurrent batches write side by side.
   */
  async addToRollupLast(tx: Transaction): Promise<void> {
    await tx.manager.query(`SELECT set_config('app.opportunity_month', 'added-last', true)`);
  }

  /** Adds these deals to the monthly rollup: the last statement of an import's transaction. */
  async addToRollup(tx: Transaction, ids: string[]): Promise<void> {
    await tx.manager.query('SELECT opportunity_month_add_deals($1::uuid[])', [ids]);
  }

  /**
   * Inserts the deals; a deal whose external id a concurrent import took first is skipped. Answers
   * the ids this call inserted, so only their history, lines and events are written.
   */
  async insertOpportunities(tx: Transaction, rows: ImportedOpportunityRow[]): Promise<Set<string>> {
    const inserted = await tx.manager.query<{ id: string }[]>(
      `INSERT INTO opportunity (id, external_id, customer_id, name, amount, currency, close_date, owner_id, pipeline_id, stage_id,
                                status, close_reason, closed_at, created_at, updated_at, amount_set_by_hand)
       SELECT o.id, o."externalId", o."customerId", o.name, o.amount, o.currency, o."closeDate", o."ownerId", o."pipelineId", o."stageId",
              o.status, o."closeReason", o."closedAt", o."createdAt", now(), o."amountSetByHand"
       FROM json_to_recordset($1::json)
            AS o(id uuid, "externalId" text, "customerId" uuid, name text, amount numeric, currency char(3), "closeDate" date, "ownerId" uuid,
                 "pipelineId" uuid, "stageId" uuid, status text, "closeReason" text, "closedAt" timestamptz, "createdAt" timestamptz,
                 "amountSetByHand" boolean)
       ON CONFLICT (external_id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(rows)],
    );
    return new Set(inserted.map((r) => r.id));
  }

  /** The stage histories, in order (seq follows the array). */
  async insertStageChanges(tx: Transaction, rows: ImportedStageChangeRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.manager.query(
      `INSERT INTO opportunity_stage_change (opportunity_id, from_stage_id, to_stage_id, from_status, to_status, changed_by, changed_at)
       SELECT s."opportunityId", s."fromStageId", s."toStageId", s."fromStatus", s."toStatus", s."changedBy", s."changedAt"
       FROM ROWS FROM (json_to_recordset($1::json) AS ("opportunityId" uuid, "fromStageId" uuid, "toStageId" uuid, "fromStatus" text,
                                                       "toStatus" text, "changedBy" uuid, "changedAt" timestamptz)) WITH ORDINALITY
            AS s("opportunityId", "fromStageId", "toStageId", "fromStatus", "toStatus", "changedBy", "changedAt", n)
       ORDER BY s.n`,
      [JSON.stringify(rows)],
    );
  }

  async insertLines(tx: Transaction, rows: ImportedLineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.manager.query(
      `INSERT INTO opportunity_line (id, opportunity_id, position, product_id, description, quantity, unit_price, discount_percent, net_amount)
       SELECT l.id, l."opportunityId", l.position, l."productId", l.description, l.quantity, l."unitPrice", l."discountPercent", l."netAmount"
       FROM json_to_recordset($1::json)
            AS l(id uuid, "opportunityId" uuid, position int, "productId" uuid, description text, quantity numeric, "unitPrice" numeric,
                 "discountPercent" numeric, "netAmount" numeric)`,
      [JSON.stringify(rows)],
    );
  }
}
