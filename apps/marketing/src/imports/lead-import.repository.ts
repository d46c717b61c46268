import type { Transaction } from '@crm/database';
import { KeysetCursors } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { LeadStatus } from '../leads/lead.enums';

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

/** A user's lead imports (CsvImports' lead_import rows), newest first. */
export const LEAD_IMPORT_CURSORS = new KeysetCursors('leadImports', {
  CREATED_AT_DESC: { created_at: 'timestamp', id: 'uuid' },
});

/** The SQL of lead imports' leads (CsvImports keeps the jobs). Batches go in as one JSON text each (json_to_recordset). */
@Injectable()
export class LeadImportRepository {
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
}
