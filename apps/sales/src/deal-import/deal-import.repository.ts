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

const column = <R, K extends keyof R>(rows: R[], key: K): R[K][] => rows.map((r) => r[key]);

/**
 * The SQL of a bulk history import: a constant number of statements per batch, whatever its size
 * (lookups by `= ANY`, inserts from `unnest` of one array per column).
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
       SELECT a.id, a.external_id, a.name, 'COMPANY', 'CUSTOMER', a.at, a.at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS a(id, external_id, name, at)
       ON CONFLICT (external_id) DO NOTHING
       RETURNING id`,
      [column(accounts, 'id'), column(accounts, 'externalId'), column(accounts, 'name'), column(accounts, 'at')],
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
   * Inserts the deals; a deal whose external id a concurrent import took first is skipped. Answers
   * the ids this call inserted, so only their history, lines and events are written.
   */
  async insertOpportunities(tx: Transaction, rows: ImportedOpportunityRow[]): Promise<Set<string>> {
    const inserted = await tx.manager.query<{ id: string }[]>(
      `INSERT INTO opportunity (id, external_id, customer_id, name, amount, currency, close_date, owner_id, pipeline_id, stage_id,
                                status, close_reason, closed_at, created_at, updated_at, amount_set_by_hand)
       SELECT o.id, o.external_id, o.customer_id, o.name, o.amount, o.currency, o.close_date, o.owner_id, o.pipeline_id, o.stage_id,
              o.status, o.close_reason, o.closed_at, o.created_at, now(), o.by_hand
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::numeric[], $6::char(3)[], $7::date[], $8::uuid[], $9::uuid[],
                   $10::uuid[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::boolean[])
            AS o(id, external_id, customer_id, name, amount, currency, close_date, owner_id, pipeline_id, stage_id,
                 status, close_reason, closed_at, created_at, by_hand)
       ON CONFLICT (external_id) DO NOTHING
       RETURNING id`,
      [
        column(rows, 'id'),
        column(rows, 'externalId'),
        column(rows, 'customerId'),
        column(rows, 'name'),
        column(rows, 'amount'),
        column(rows, 'currency'),
        column(rows, 'closeDate'),
        column(rows, 'ownerId'),
        column(rows, 'pipelineId'),
        column(rows, 'stageId'),
        column(rows, 'status'),
        column(rows, 'closeReason'),
        column(rows, 'closedAt'),
        column(rows, 'createdAt'),
        column(rows, 'amountSetByHand'),
      ],
    );
    return new Set(inserted.map((r) => r.id));
  }

  /** The stage histories, in order (seq follows the array). */
  async insertStageChanges(tx: Transaction, rows: ImportedStageChangeRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.manager.query(
      `INSERT INTO opportunity_stage_change (opportunity_id, from_stage_id, to_stage_id, from_status, to_status, changed_by, changed_at)
       SELECT s.opportunity_id, s.from_stage_id, s.to_stage_id, s.from_status, s.to_status, s.changed_by, s.changed_at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::timestamptz[]) WITH ORDINALITY
            AS s(opportunity_id, from_stage_id, to_stage_id, from_status, to_status, changed_by, changed_at, n)
       ORDER BY s.n`,
      [
        column(rows, 'opportunityId'),
        column(rows, 'fromStageId'),
        column(rows, 'toStageId'),
        column(rows, 'fromStatus'),
        column(rows, 'toStatus'),
        column(rows, 'changedBy'),
        column(rows, 'changedAt'),
      ],
    );
  }

  async insertLines(tx: Transaction, rows: ImportedLineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.manager.query(
      `INSERT INTO opportunity_line (id, opportunity_id, position, product_id, description, quantity, unit_price, discount_percent, net_amount)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[])`,
      [
        column(rows, 'id'),
        column(rows, 'opportunityId'),
        column(rows, 'position'),
        column(rows, 'productId'),
        column(rows, 'description'),
        column(rows, 'quantity'),
        column(rows, 'unitPrice'),
        column(rows, 'discountPercent'),
        column(rows, 'netAmount'),
      ],
    );
  }
}
