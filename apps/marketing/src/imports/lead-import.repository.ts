import type { Transaction } from '@crm/database';
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

  async phonesOf(tx: Transaction, leadIds: readonly string[]): Promise<Set<string>> {
    const rows = await tx.manager.query<{ lead_id: string; number: string }[]>(
      `SELECT lead_id, number FROM lead_phone WHERE lead_id = ANY($1::uuid[])`,
      [leadIds],
    );
    return new Set(rows.map((r) => `${r.lead_id} ${r.number}`));
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
