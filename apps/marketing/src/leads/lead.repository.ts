import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { LeadEntity } from './lead.entity';
import type { LeadSource, LeadStatus } from './lead.enums';
import { LeadSort, type LeadFilter } from './lead.input';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

interface LeadRow {
  id: string;
  email: string;
  name: string;
  company: string | null;
  source: string;
  status: string;
  customer_id: string | null;
  converted_at: Date | null;
  converted_contact_id: string | null;
  converted_opportunity_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The sort values each order pages by: (email), unique, or (createdAt, id). */
export const LEAD_CURSORS = new KeysetCursors('leads', {
  [LeadSort.EMAIL_ASC]: { email: 'string' },
  [LeadSort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
});

export type LeadKeyset = KeysetOf<typeof LEAD_CURSORS.sorts, LeadSort>;

export interface LeadPageQuery {
  filter: LeadFilter;
  sort: LeadSort;
  after: LeadKeyset | null;
  limit: number;
}

@Injectable()
export class LeadRepository {
  constructor(@InjectRepository(LeadEntity) private readonly repo: Repository<LeadEntity>) {}

  private fromRow(r: LeadRow): LeadEntity {
    return this.repo.create({
      id: r.id,
      email: r.email,
      name: r.name,
      company: r.company,
      source: r.source as LeadSource,
      status: r.status as LeadStatus,
      customerId: r.customer_id,
      convertedAt: r.converted_at,
      convertedContactId: r.converted_contact_id,
      convertedOpportunityId: r.converted_opportunity_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }

  /**
   * Inserts the lead, or updates the one with the same email, in one statement (race-free: two
   * concurrent captures of an address make one row). The name and source are replaced; company and
   * customerId only when the new values are not null. `inserted` is false when a lead was updated.
   */
  async upsertByEmail(tx: Transaction, lead: LeadEntity): Promise<{ lead: LeadEntity; inserted: boolean }> {
    const rows = await tx.manager.query<(LeadRow & { inserted: boolean })[]>(
      `INSERT INTO lead (id, email, name, company, source, status, customer_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (email) DO UPDATE SET
         name = EXCLUDED.name,
         source = EXCLUDED.source,
         company = COALESCE(EXCLUDED.company, lead.company),
         customer_id = COALESCE(EXCLUDED.customer_id, lead.customer_id),
         updated_at = EXCLUDED.updated_at
       RETURNING *, (xmax = 0) AS inserted`,
      [lead.id, lead.email, lead.name, lead.company, lead.source, lead.status, lead.customerId, lead.createdAt, lead.updatedAt],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT ... ON CONFLICT DO UPDATE returned no row');
    return { lead: this.fromRow(row), inserted: row.inserted };
  }

  /** The lead, locked until the transaction ends, so two conversions of it cannot both pass the checks. */
  async lockById(tx: Transaction, id: string): Promise<LeadEntity | null> {
    const rows = await tx.manager.query<LeadRow[]>(`SELECT * FROM lead WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? this.fromRow(rows[0]) : null;
  }

  async markConverted(
    tx: Transaction,
    id: string,
    c: { customerId: string; contactId: string; opportunityId: string | null; at: Date },
  ): Promise<LeadEntity> {
    // TypeORM answers an UPDATE ... RETURNING as [rows, affectedCount].
    const [rows] = await tx.manager.query<[LeadRow[], number]>(
      `UPDATE lead SET status = 'CONVERTED', customer_id = $2, converted_contact_id = $3, converted_opportunity_id = $4,
              converted_at = $5, updated_at = $5
       WHERE id = $1 RETURNING *`,
      [id, c.customerId, c.contactId, c.opportunityId, c.at],
    );
    if (!rows[0]) throw new Error(`lead ${id} vanished while locked`);
    return this.fromRow(rows[0]);
  }

  findByIds(ids: readonly string[]): Promise<LeadEntity[]> {
    return this.repo.findBy({ id: Any(ids) });
  }

  /** One keyset page: cost does not grow with how deep the page is. */
  page(q: LeadPageQuery): Promise<LeadEntity[]> {
    const qb = this.repo.createQueryBuilder('l');
    if (q.filter.status) qb.andWhere('l.status = :status', { status: q.filter.status });
    if (q.filter.source) qb.andWhere('l.source = :source', { source: q.filter.source });
    if (q.filter.emailContains) qb.andWhere(`l.email LIKE :email ESCAPE '\\'`, { email: `%${escapeLike(q.filter.emailContains)}%` });
    if (q.sort === LeadSort.EMAIL_ASC) {
      if (q.after?.sort === LeadSort.EMAIL_ASC) qb.andWhere('l.email > :afterEmail', { afterEmail: q.after.email });
      qb.orderBy('l.email', 'ASC');
    } else {
      if (q.after?.sort === LeadSort.CREATED_AT_DESC) {
        qb.andWhere('(l.createdAt, l.id) < (:afterTime, :afterId)', { afterTime: q.after.createdAt, afterId: q.after.id });
      }
      qb.orderBy('l.createdAt', 'DESC').addOrderBy('l.id', 'DESC');
    }
    return qb.limit(q.limit).getMany();
  }

  /** The newest `perCustomer` leads of each customer, in one statement for any number of customers. */
  async newestByCustomerIds(customerIds: readonly string[], perCustomer: number): Promise<LeadEntity[]> {
    const rows = await this.repo.query<LeadRow[]>(
      `SELECT id, email, name, company, source, status, customer_id, converted_at, converted_contact_id, converted_opportunity_id,
              created_at, updated_at FROM (
         SELECT l.*, row_number() OVER (PARTITION BY l.customer_id ORDER BY l.created_at DESC, l.id DESC) AS rn
         FROM lead l WHERE l.customer_id = ANY($1::uuid[])
       ) ranked WHERE rn <= $2 ORDER BY customer_id, created_at DESC, id DESC`,
      [customerIds, perCustomer],
    );
    return rows.map((r) => this.fromRow(r));
  }
}
