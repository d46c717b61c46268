import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FormValues } from '../forms/form-values';
import type { LeadStatus } from '../leads/lead.enums';

export enum ImportStatus {
  /** Rows are left to apply. */
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
}

/** What an import does with a row whose email is a lead's already. */
export enum OnDuplicate {
  UPDATE = 'UPDATE',
  SKIP = 'SKIP',
}

export enum RowOutcome {
  PENDING = 'PENDING',
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  SKIPPED = 'SKIPPED',
  FAILED = 'FAILED',
}

export interface LeadImportRow {
  id: string;
  status: ImportStatus;
  on_duplicate: OnDuplicate;
  mapping: Record<string, string>;
  header: string[];
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** A row of the file as staged: checked values for a pending row, the cells of a failed one. */
export interface StagedRow {
  line: number;
  email: string | null;
  values: FormValues | null;
  raw: string[] | null;
  outcome: RowOutcome;
  reason: string | null;
}

export interface ExistingLead {
  id: string;
  email: string;
  name: string;
  company: string | null;
  title: string | null;
  country: string | null;
  industry: string | null;
  employee_count: number | null;
  status: LeadStatus;
  customer_id: string | null;
  owner_id: string | null;
}

// A type, not an interface: it goes into an event's JSON values.
export type LeadPhone = { value: string; type: string; primary: boolean };

export interface NewLeadRow {
  id: string;
  email: string;
  name: string;
  company: string | null;
  title: string | null;
  country: string | null;
  industry: string | null;
  employee_count: number | null;
  company_domain: string | null;
}

export interface LeadChange {
  id: string;
  name: string | null;
  company: string | null;
  title: string | null;
  country: string | null;
  industry: string | null;
  employee_count: number | null;
}

export interface Outcome {
  line: number;
  outcome: RowOutcome;
  reason: string | null;
  lead_id: string | null;
}

export interface Tally {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

/** A user's imports, newest first. */
export const LEAD_IMPORT_CURSORS = new KeysetCursors('leadImports', {
  CREATED_AT_DESC: { created_at: 'timestamp', id: 'uuid' },
});

type LeadImportKeyset = KeysetOf<typeof LEAD_IMPORT_CURSORS.sorts, 'CREATED_AT_DESC'>;

/** The SQL of lead imports. Batches go in as one JSON text each (json_to_recordset): one statement per table and batch. */
@Injectable()
export class LeadImportRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: Transaction, job: Pick<LeadImportRow, 'id' | 'on_duplicate' | 'mapping' | 'created_by' | 'created_at'>): Promise<void> {
    await tx.manager.query(
      `INSERT INTO lead_import (id, status, on_duplicate, mapping, header, created_by, created_at, updated_at)
       VALUES ($1, 'RUNNING', $2, $3, '[]', $4, $5, $5)`,
      [job.id, job.on_duplicate, JSON.stringify(job.mapping), job.created_by, job.created_at],
    );
  }

  async stage(tx: Transaction, importId: string, rows: readonly StagedRow[]): Promise<void> {
    if (!rows.length) return;
    await tx.manager.query(
      `INSERT INTO lead_import_row (import_id, line, email, "values", raw, outcome, reason)
       SELECT $1, r.line, r.email, r."values", r.raw, r.outcome, r.reason
       FROM json_to_recordset($2::json) AS r(line int, email text, "values" jsonb, raw jsonb, outcome text, reason text)`,
      [importId, JSON.stringify(rows)],
    );
  }

  /** The upload is staged: the header and the counts of rows settled while staging (failed, duplicated in the file). */
  async staged(tx: Transaction, id: string, header: readonly string[], total: number, settled: Tally): Promise<LeadImportRow> {
    const done = settled.failed + settled.skipped;
    const [rows] = await tx.manager.query<[LeadImportRow[], number]>(
      `UPDATE lead_import SET header = $2, rows_total = $3::int, rows_done = $4::int, skipped = $5::int, failed = $6::int,
              status = CASE WHEN $4::int = $3::int THEN 'COMPLETED' ELSE 'RUNNING' END,
              finished_at = CASE WHEN $4::int = $3::int THEN updated_at END
       WHERE id = $1 RETURNING *`,
      [id, JSON.stringify(header), total, done, settled.skipped, settled.failed],
    );
    return rows[0]!;
  }

  async find(id: string): Promise<LeadImportRow | null> {
    const rows = await this.db.query<LeadImportRow[]>(`SELECT * FROM lead_import WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** One page of the imports `createdBy` uploaded, newest first. */
  pageBy(createdBy: string, after: LeadImportKeyset | null, limit: number): Promise<LeadImportRow[]> {
    return this.db.query(
      `SELECT * FROM lead_import WHERE created_by = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [createdBy, after?.created_at ?? null, after?.id ?? null, limit],
    );
  }

  /** The oldest import with rows left that no other instance is working on, locked for this batch. */
  async lockNextRunning(tx: Transaction): Promise<LeadImportRow | null> {
    const rows = await tx.manager.query<LeadImportRow[]>(
      `SELECT * FROM lead_import WHERE status = 'RUNNING' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    return rows[0] ?? null;
  }

  pending(tx: Transaction, importId: string, limit: number): Promise<Pick<StagedRow, 'line' | 'email' | 'values'>[]> {
    return tx.manager.query(
      `SELECT line, email, "values" FROM lead_import_row WHERE import_id = $1 AND outcome = 'PENDING' ORDER BY line LIMIT $2`,
      [importId, limit],
    );
  }

  /** The leads with these emails, locked until the batch commits. */
  leadsByEmail(tx: Transaction, emails: readonly string[]): Promise<ExistingLead[]> {
    return tx.manager.query(
      `SELECT id, email, name, company, title, country, industry, employee_count, status, customer_id, owner_id
       FROM lead WHERE email = ANY($1::text[]) FOR UPDATE`,
      [emails],
    );
  }

  /** Each lead's phones in order, as the audit trail shows them. */
  async phonesOf(tx: Transaction, leadIds: readonly string[]): Promise<Map<string, LeadPhone[]>> {
    const rows = await tx.manager.query<{ lead_id: string; number: string; type: string; is_primary: boolean }[]>(
      `SELECT lead_id, number, type, is_primary FROM lead_phone WHERE lead_id = ANY($1::uuid[]) ORDER BY lead_id, position`,
      [leadIds],
    );
    const byLead = new Map<string, LeadPhone[]>();
    for (const r of rows)
      byLead.set(r.lead_id, [...(byLead.get(r.lead_id) ?? []), { value: r.number, type: r.type, primary: r.is_primary }]);
    return byLead;
  }

  /** New leads with their primary email; an email taken meanwhile (a form post) is left out of the answer. */
  async insertLeads(tx: Transaction, leads: readonly NewLeadRow[], at: Date): Promise<Set<string>> {
    if (!leads.length) return new Set();
    const inserted = await tx.manager.query<{ id: string }[]>(
      `INSERT INTO lead (id, email, name, company, title, country, industry, employee_count, company_domain, source, status, created_at, updated_at)
       SELECT l.id, l.email, l.name, l.company, l.title, l.country, l.industry, l.employee_count, l.company_domain, 'IMPORT', 'NEW', $2, $2
       FROM json_to_recordset($1::json) AS l(id uuid, email text, name text, company text, title text, country text, industry text,
                                            employee_count int, company_domain text)
       ON CONFLICT (email) DO NOTHING
       RETURNING id`,
      [JSON.stringify(leads), at],
    );
    const ids = inserted.map((r) => r.id);
    await tx.manager.query(
      `INSERT INTO lead_email (lead_id, address, type, is_primary, position)
       SELECT id, email, 'WORK', true, 0 FROM lead WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(ids);
  }

  /** Adds each number to its lead, primary when the lead has none. */
  async addPhones(tx: Transaction, phones: readonly { lead_id: string; number: string }[]): Promise<void> {
    if (!phones.length) return;
    await tx.manager.query(
      `INSERT INTO lead_phone (lead_id, number, type, is_primary, position)
       SELECT p.lead_id, p.number, 'WORK',
              NOT EXISTS (SELECT 1 FROM lead_phone x WHERE x.lead_id = p.lead_id AND x.is_primary),
              (SELECT coalesce(max(position), -1) + 1 FROM lead_phone x WHERE x.lead_id = p.lead_id)
       FROM json_to_recordset($1::json) AS p(lead_id uuid, number text)
       ON CONFLICT (lead_id, number) DO NOTHING`,
      [JSON.stringify(phones)],
    );
  }

  /** Sets what each change gives (null: keeps the lead's value). */
  async updateLeads(tx: Transaction, changes: readonly LeadChange[], at: Date): Promise<void> {
    if (!changes.length) return;
    await tx.manager.query(
      `UPDATE lead l SET name = coalesce(c.name, l.name), company = coalesce(c.company, l.company), title = coalesce(c.title, l.title),
              country = coalesce(c.country, l.country), industry = coalesce(c.industry, l.industry),
              employee_count = coalesce(c.employee_count, l.employee_count), updated_at = $2
       FROM json_to_recordset($1::json) AS c(id uuid, name text, company text, title text, country text, industry text, employee_count int)
       WHERE l.id = c.id`,
      [JSON.stringify(changes), at],
    );
  }

  /** Records each row's outcome and adds the batch to the import's progress; completes it when no row is left (or none was found). */
  async settle(tx: Transaction, importId: string, outcomes: readonly Outcome[], tally: Tally, at: Date): Promise<LeadImportRow> {
    await tx.manager.query(
      `UPDATE lead_import_row r SET outcome = o.outcome, reason = o.reason, lead_id = o.lead_id, "values" = NULL
       FROM json_to_recordset($2::json) AS o(line int, outcome text, reason text, lead_id uuid)
       WHERE r.import_id = $1 AND r.line = o.line`,
      [importId, JSON.stringify(outcomes)],
    );
    const [rows] = await tx.manager.query<[LeadImportRow[], number]>(
      `UPDATE lead_import SET rows_done = rows_done + $2::int, created = created + $3::int, updated = updated + $4::int, skipped = skipped + $5::int,
              failed = failed + $6::int, updated_at = $7::timestamptz,
              status = CASE WHEN rows_done + $2::int >= rows_total OR $2::int = 0 THEN 'COMPLETED' ELSE 'RUNNING' END,
              finished_at = CASE WHEN rows_done + $2::int >= rows_total OR $2::int = 0 THEN $7::timestamptz END
       WHERE id = $1 RETURNING *`,
      [importId, outcomes.length, tally.created, tally.updated, tally.skipped, tally.failed, at],
    );
    return rows[0]!;
  }

  /** Failed and skipped rows after `afterLine`, for the report. */
  reportRows(
    importId: string,
    afterLine: number,
    limit: number,
  ): Promise<{ line: number; outcome: string; reason: string; raw: string[] | null }[]> {
    return this.db.query(
      `SELECT line, outcome, reason, raw FROM lead_import_row
       WHERE import_id = $1 AND outcome = 'FAILED' AND line > $2 ORDER BY line LIMIT $3`,
      [importId, afterLine, limit],
    );
  }
}
