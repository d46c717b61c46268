import { hydrate, type Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConflictError } from '@crm/domain';
import { Any, QueryFailedError, type Repository } from 'typeorm';
import { LeadEmailEntity, LeadPhoneEntity } from './lead-contact-point.entity';
import { LeadStatusChangeEntity } from './lead-status-change.entity';
import { LeadEntity } from './lead.entity';
import { LeadSort, type LeadFilter } from './lead.input';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const isUniqueViolation = (e: unknown, constraint: string): boolean =>
  e instanceof QueryFailedError &&
  (e.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (e.driverError as { constraint?: string }).constraint === constraint;

/** A lead as SQL answers it (snake_case columns); `hydrate` makes it the entity. */
type LeadRow = Record<string, unknown> & { id: string };

/** The sort values each order pages by: (email), unique, or (createdAt, id). */
export const LEAD_CURSORS = new KeysetCursors('leads', {
  [LeadSort.EMAIL_ASC]: { email: 'string' },
  [LeadSort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
});

export type LeadKeyset = KeysetOf<typeof LEAD_CURSORS.sorts, LeadSort>;

export const LEAD_HISTORY_CURSORS = new KeysetCursors('leadStatusHistory', {
  CHANGED_AT_DESC: { changedAt: 'timestamp', id: 'uuid' },
});

/** The lead columns a change may set. */
export type LeadPatch = Partial<Omit<LeadEntity, 'id' | 'createdAt'>>;

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
    return hydrate(this.repo.manager, LeadEntity, r);
  }

  /**
   * Inserts the lead, or updates the one with the same email, in one statement (race-free: two
   * concurrent captures of an address make one row). The name and source are replaced; company and
   * customerId only when the new values are not null. `inserted` is false when a lead was updated.
   */
  async upsertByEmail(tx: Transaction, lead: LeadEntity): Promise<{ lead: LeadEntity; inserted: boolean }> {
    const rows = await tx.manager.query<(LeadRow & { inserted: boolean })[]>(
      `INSERT INTO lead (id, email, name, company, source, status, customer_id, created_at, updated_at, company_domain)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (email) DO UPDATE SET
         name = EXCLUDED.name,
         source = EXCLUDED.source,
         company = COALESCE(EXCLUDED.company, lead.company),
         customer_id = COALESCE(EXCLUDED.customer_id, lead.customer_id),
         updated_at = EXCLUDED.updated_at
       RETURNING *, (xmax = 0) AS inserted`,
      [
        lead.id,
        lead.email,
        lead.name,
        lead.company,
        lead.source,
        lead.status,
        lead.customerId,
        lead.createdAt,
        lead.updatedAt,
        lead.companyDomain,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT ... ON CONFLICT DO UPDATE returned no row');
    if (row.inserted) {
      await tx.manager.query(`INSERT INTO lead_email (lead_id, address, type, is_primary, position) VALUES ($1, $2, 'WORK', true, 0)`, [
        row.id,
        row.email,
      ]);
    }
    return { lead: this.fromRow(row), inserted: row.inserted };
  }

  /** The lead, locked until the transaction ends, so two conversions of it cannot both pass the checks. */
  async lockById(tx: Transaction, id: string): Promise<LeadEntity | null> {
    const rows = await tx.manager.query<LeadRow[]>(`SELECT * FROM lead WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? this.fromRow(rows[0]) : null;
  }

  /** The leads of `ids` that exist, locked in id order (so two batches never wait on each other in a cycle). */
  async lockByIds(tx: Transaction, ids: readonly string[]): Promise<LeadEntity[]> {
    const rows = await tx.manager.query<LeadRow[]>(`SELECT * FROM lead WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
    return rows.map((r) => this.fromRow(r));
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

  /** Writes `patch`; a primary email another lead already has is CONFLICT on emails. */
  async update(tx: Transaction, id: string, patch: LeadPatch): Promise<LeadEntity> {
    const repo = tx.manager.getRepository(LeadEntity);
    try {
      await repo.update({ id }, patch);
    } catch (e) {
      if (isUniqueViolation(e, 'lead_email_key')) {
        throw new ConflictError('emails', `${patch.email} is already another lead's email; merge the two leads instead`);
      }
      throw e;
    }
    return repo.findOneByOrFail({ id });
  }

  async replaceEmails(tx: Transaction, leadId: string, rows: Omit<LeadEmailEntity, 'leadId' | 'lead'>[]): Promise<void> {
    await tx.manager.delete(LeadEmailEntity, { leadId });
    if (rows.length)
      await tx.manager.insert(
        LeadEmailEntity,
        rows.map((r) => ({ ...r, leadId })),
      );
  }

  async replacePhones(tx: Transaction, leadId: string, rows: Omit<LeadPhoneEntity, 'leadId' | 'lead'>[]): Promise<void> {
    await tx.manager.delete(LeadPhoneEntity, { leadId });
    if (rows.length)
      await tx.manager.insert(
        LeadPhoneEntity,
        rows.map((r) => ({ ...r, leadId })),
      );
  }

  /** In the caller's transaction when given one (to compare with a change it is making). */
  emailsOf(leadIds: readonly string[], tx?: Transaction): Promise<LeadEmailEntity[]> {
    return (tx?.manager ?? this.repo.manager).find(LeadEmailEntity, { where: { leadId: Any(leadIds) }, order: { position: 'ASC' } });
  }

  phonesOf(leadIds: readonly string[], tx?: Transaction): Promise<LeadPhoneEntity[]> {
    return (tx?.manager ?? this.repo.manager).find(LeadPhoneEntity, { where: { leadId: Any(leadIds) }, order: { position: 'ASC' } });
  }

  async addStatusChange(tx: Transaction, change: LeadStatusChangeEntity): Promise<void> {
    await tx.manager.insert(LeadStatusChangeEntity, change);
  }

  /** One page of a lead's status history, newest first. */
  statusHistory(leadId: string, q: { after: { changedAt: Date; id: string } | null; limit: number }): Promise<LeadStatusChangeEntity[]> {
    const qb = this.repo.manager.createQueryBuilder(LeadStatusChangeEntity, 'c').where('c.leadId = :leadId', { leadId });
    if (q.after) qb.andWhere('(c.changedAt, c.id) < (:afterTime, :afterId)', { afterTime: q.after.changedAt, afterId: q.after.id });
    return qb.orderBy('c.changedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(q.limit).getMany();
  }

  /**
   * Other leads sharing an email address with `leadId` or its company domain, with which of the two
   * they share; at most `limit`, newest first.
   */
  async duplicatesOf(leadId: string, limit: number): Promise<{ lead: LeadEntity; byEmail: boolean; byDomain: boolean }[]> {
    const rows = await this.repo.query<(LeadRow & { by_email: boolean; by_domain: boolean })[]>(
      `WITH me AS (SELECT id, company_domain FROM lead WHERE id = $1),
            my_emails AS (SELECT address FROM lead_email WHERE lead_id = $1)
       SELECT l.*,
              EXISTS (SELECT 1 FROM lead_email e WHERE e.lead_id = l.id AND e.address IN (SELECT address FROM my_emails)) AS by_email,
              (l.company_domain IS NOT NULL AND l.company_domain = (SELECT company_domain FROM me)) AS by_domain
       FROM lead l
       WHERE l.id <> $1
         AND (l.id IN (SELECT e.lead_id FROM lead_email e WHERE e.address IN (SELECT address FROM my_emails))
              OR l.company_domain = (SELECT company_domain FROM me))
       ORDER BY l.created_at DESC, l.id DESC
       LIMIT $2`,
      [leadId, limit],
    );
    return rows.map((r) => ({ lead: this.fromRow(r), byEmail: r.by_email, byDomain: r.by_domain }));
  }

  /** Locks both leads in id order, so two merges of the same pair cannot deadlock. */
  async lockPair(tx: Transaction, a: string, b: string): Promise<Map<string, LeadEntity>> {
    const rows = await tx.manager.query<LeadRow[]>(`SELECT * FROM lead WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[a, b]]);
    return new Map(rows.map((r) => [r.id, this.fromRow(r)]));
  }

  /**
   * Moves the duplicate's emails, phones and status history onto the survivor (an address or number
   * the survivor has already is dropped; the moved ones are never primary), then deletes the duplicate.
   */
  async absorb(tx: Transaction, survivorId: string, duplicateId: string): Promise<void> {
    await tx.manager.query(
      `INSERT INTO lead_email (lead_id, address, type, is_primary, position)
       SELECT $1, d.address, d.type, false,
              (SELECT coalesce(max(position), -1) FROM lead_email WHERE lead_id = $1) + row_number() OVER (ORDER BY d.position)
       FROM lead_email d WHERE d.lead_id = $2
       ON CONFLICT (lead_id, address) DO NOTHING`,
      [survivorId, duplicateId],
    );
    await tx.manager.query(
      `INSERT INTO lead_phone (lead_id, number, type, is_primary, position)
       SELECT $1, d.number, d.type, false,
              (SELECT coalesce(max(position), -1) FROM lead_phone WHERE lead_id = $1) + row_number() OVER (ORDER BY d.position)
       FROM lead_phone d WHERE d.lead_id = $2
       ON CONFLICT (lead_id, number) DO NOTHING`,
      [survivorId, duplicateId],
    );
    await tx.manager.query(`UPDATE lead_status_change SET lead_id = $1 WHERE lead_id = $2`, [survivorId, duplicateId]);
    await tx.manager.query(`UPDATE form_submission SET lead_id = $1 WHERE lead_id = $2`, [survivorId, duplicateId]);
    await tx.manager.query(`DELETE FROM lead WHERE id = $1`, [duplicateId]);
  }

  /**
   * What a form post says about a lead: each given attribute replaces the stored one, and the form
   * and campaign become its source detail only when it has none yet (where it first came from).
   * A phone number is added, primary only when the lead has no primary phone.
   */
  async fillFromForm(
    tx: Transaction,
    id: string,
    f: {
      title?: string;
      country?: string;
      industry?: string;
      employeeCount?: number;
      phone?: string;
      formId: string;
      campaignId: string | null;
    },
  ): Promise<LeadEntity> {
    const [rows] = await tx.manager.query<[LeadRow[], number]>(
      `UPDATE lead SET title = COALESCE($2, title), country = COALESCE($3, country), industry = COALESCE($4, industry),
              employee_count = COALESCE($5, employee_count),
              source_form_id = COALESCE(source_form_id, $6), source_campaign_id = COALESCE(source_campaign_id, $7)
       WHERE id = $1 RETURNING *`,
      [id, f.title ?? null, f.country ?? null, f.industry ?? null, f.employeeCount ?? null, f.formId, f.campaignId],
    );
    if (f.phone) {
      await tx.manager.query(
        `INSERT INTO lead_phone (lead_id, number, type, is_primary, position)
         SELECT $1, $2, 'WORK', NOT EXISTS (SELECT 1 FROM lead_phone WHERE lead_id = $1 AND is_primary),
                (SELECT coalesce(max(position), -1) + 1 FROM lead_phone WHERE lead_id = $1)
         ON CONFLICT (lead_id, number) DO NOTHING`,
        [id, f.phone],
      );
    }
    if (!rows[0]) throw new Error(`lead ${id} vanished within its transaction`);
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
      `SELECT * FROM (
         SELECT l.*, row_number() OVER (PARTITION BY l.customer_id ORDER BY l.created_at DESC, l.id DESC) AS rn
         FROM lead l WHERE l.customer_id = ANY($1::uuid[])
       ) ranked WHERE rn <= $2 ORDER BY customer_id, created_at DESC, id DESC`,
      [customerIds, perCustomer],
    );
    return rows.map((r) => this.fromRow(r));
  }
}
