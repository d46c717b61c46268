import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonKind } from './person.enums';
import type { Person } from './person';

interface LeadPersonRow {
  id: string;
  email: string;
  name: string;
  company: string | null;
  customer_id: string | null;
}

const toPerson = (r: LeadPersonRow): Person => ({
  kind: PersonKind.LEAD,
  id: r.id,
  email: r.email,
  name: r.name,
  company: r.company,
  customerId: r.customer_id,
});

/** What campaigns and consent read of leads: read only, the leads module owns the table. */
@Injectable()
export class PersonRepository {
  constructor(private readonly db: DataSource) {}

  async leadsByIds(ids: readonly string[]): Promise<Person[]> {
    const rows = await this.db.query<LeadPersonRow[]>(`SELECT id, email, name, company, customer_id FROM lead WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return rows.map(toPerson);
  }

  /**
   * Leads matching an audience filter, at most `limit`, oldest first so a re-run adds the same
   * people. In the caller's transaction and scope: a partner's caller matches only the leads handed
   * to its partner (partner_lead, under row-level security), as every other read of leads does.
   */
  async leadsMatching(
    tx: Transaction,
    filter: { statuses?: string[]; sources?: string[]; emailDomain?: string },
    limit: number,
  ): Promise<Person[]> {
    const partnerId = scopedPartnerId(tx.caller);
    const rows = await tx.manager.query<LeadPersonRow[]>(
      `SELECT id, email, name, company, customer_id FROM lead
       WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
         AND ($2::text[] IS NULL OR source = ANY($2::text[]))
         AND ($3::text IS NULL OR split_part(email, '@', 2) = $3)
         AND ($5::uuid IS NULL OR id IN (SELECT lead_id FROM partner_lead WHERE partner_id = $5::uuid))
       ORDER BY created_at, id LIMIT $4`,
      [filter.statuses ?? null, filter.sources ?? null, filter.emailDomain ?? null, limit, partnerId],
    );
    return rows.map(toPerson);
  }
}
