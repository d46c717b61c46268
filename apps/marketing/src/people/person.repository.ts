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

  /** Leads matching an audience filter, at most `limit`, oldest first so a re-run adds the same people. */
  async leadsMatching(filter: { statuses?: string[]; sources?: string[]; emailDomain?: string }, limit: number): Promise<Person[]> {
    const rows = await this.db.query<LeadPersonRow[]>(
      `SELECT id, email, name, company, customer_id FROM lead
       WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
         AND ($2::text[] IS NULL OR source = ANY($2::text[]))
         AND ($3::text IS NULL OR split_part(email, '@', 2) = $3)
       ORDER BY created_at, id LIMIT $4`,
      [filter.statuses ?? null, filter.sources ?? null, filter.emailDomain ?? null, limit],
    );
    return rows.map(toPerson);
  }
}
