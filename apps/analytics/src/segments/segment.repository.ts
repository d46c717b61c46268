import type { Transaction } from '@crm/database';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { compileRule } from './segment-rule-sql';
import type { Rule } from './segment-rule';

export interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  rule: Rule;
  defined_by: string | null;
  defined_at: Date;
  created_at: Date;
}

export interface MemberRow {
  customerId: string;
  joinedAt: Date;
}

/** A membership change a sync made: who joined or left. */
export interface MembershipChange {
  joined: boolean;
  customerId: string;
}

/** Segments page by name (then id); a segment's members by customer id. */
export const SEGMENT_CURSORS = new KeysetCursors('segments', { NAME: { name: 'string', id: 'uuid' } });
export const MEMBER_CURSORS = new KeysetCursors('segmentMembers', { CUSTOMER: { customerId: 'uuid' } });

const SEGMENT_COLUMNS = 'id, name, description, rule, defined_by, defined_at, created_at';

/** SQL of segments: definitions, the attributes only segments keep, and memberships, synced set-based from compiled rules. */
@Injectable()
export class SegmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // Definitions.

  /** Every segment, held until the transaction ends so none is deleted under a sync. */
  async all(tx: Transaction): Promise<SegmentRow[]> {
    return tx.manager.query(`SELECT ${SEGMENT_COLUMNS} FROM segments.segment ORDER BY id FOR SHARE`);
  }

  async lock(tx: Transaction, id: string): Promise<SegmentRow | null> {
    const [row] = await tx.manager.query<SegmentRow[]>(`SELECT ${SEGMENT_COLUMNS} FROM segments.segment WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async nameTaken(tx: Transaction, name: string, exceptId: string | null): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      'SELECT 1 FROM segments.segment WHERE lower(name) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)',
      [name, exceptId],
    );
    return rows.length > 0;
  }

  /**
   * Writes the definition unless a later one is stored (a replayed or redelivered event never
   * undoes a later change); true when it wrote.
   */
  async define(
    tx: Transaction,
    s: { id: string; name: string; description: string | null; rule: Rule; definedBy: string | null; definedAt: Date },
  ): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO segments.segment (id, name, description, rule, defined_by, defined_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (id) DO UPDATE SET name = $2, description = $3, rule = $4, defined_by = $5, defined_at = $6
       WHERE segment.defined_at < $6
       RETURNING id`,
      [s.id, s.name, s.description, JSON.stringify(s.rule), s.definedBy, s.definedAt],
    );
    return rows.length > 0;
  }

  async remove(tx: Transaction, id: string): Promise<void> {
    await tx.manager.query('DELETE FROM segments.segment WHERE id = $1', [id]);
  }

  // Customer attributes.

  async customerSeen(tx: Transaction, customerId: string): Promise<void> {
    await tx.manager.query('INSERT INTO segments.customer_attribute (customer_id) VALUES ($1) ON CONFLICT DO NOTHING', [customerId]);
  }

  async customerAttributes(
    tx: Transaction,
    customerId: string,
    a: { industry: string | null; tier: number | null; country: string | null },
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO segments.customer_attribute (customer_id, industry, tier, country) VALUES ($1, $2, $3, upper($4))
       ON CONFLICT (customer_id) DO UPDATE SET industry = $2, tier = $3, country = upper($4)`,
      [customerId, a.industry, a.tier, a.country],
    );
  }

  async loyaltyTier(tx: Transaction, customerId: string, tier: string | null): Promise<void> {
    await tx.manager.query(
      `INSERT INTO segments.customer_attribute (customer_id, loyalty_tier) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET loyalty_tier = $2`,
      [customerId, tier],
    );
  }

  async customerDeleted(tx: Transaction, customerId: string, deleted: boolean): Promise<void> {
    await tx.manager.query(
      `INSERT INTO segments.customer_attribute (customer_id, deleted) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET deleted = $2`,
      [customerId, deleted],
    );
  }

  // Memberships.

  /**
   * Taken first by whatever defines, changes, recomputes or deletes a segment, exclusively: a
   * customer's re-evaluation (which holds it shared) then either finishes before the full sync reads
   * the profiles, or starts after the definition is committed and sees it. Without it a segment
   * defined while a customer's churn score changed missed that customer for good.
   */
  async lockDefinitions(tx: Transaction): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('segment-definitions', 0))`);
  }

  /**
   * Serialises membership decisions about these customers across consumer groups: whoever locks
   * second evaluates after the first committed, so two groups changing one customer's profile at
   * once cannot both miss that the customer now matches.
   */
  async lockCustomers(tx: Transaction, customerIds: readonly string[]): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended('segment-definitions', 0))`);
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('segment-member:' || c, 0)) FROM (SELECT DISTINCT unnest($1::text[]) AS c ORDER BY 1) ids`,
      [customerIds],
    );
  }

  /**
   * Makes the segment's stored members what its rule says, for these customers or (null) for
   * everyone, in one statement; returns only the real changes, so a sync that changes nothing
   * reports nothing.
   */
  async sync(
    tx: Transaction,
    segment: Pick<SegmentRow, 'id' | 'rule'>,
    customerIds: readonly string[] | null,
    at: Date,
  ): Promise<MembershipChange[]> {
    const rule = compileRule(segment.rule, 4);
    return tx.manager.query<MembershipChange[]>(
      `WITH want AS (
         SELECT p.customer_id FROM segments.customer_profile p WHERE ($2::uuid[] IS NULL OR p.customer_id = ANY($2::uuid[])) AND ${rule.where}
       ), joined AS (
         INSERT INTO segments.segment_member (segment_id, customer_id, joined_at) SELECT $1, customer_id, $3 FROM want
         ON CONFLICT DO NOTHING RETURNING customer_id
       ), gone AS (
         DELETE FROM segments.segment_member m WHERE m.segment_id = $1 AND ($2::uuid[] IS NULL OR m.customer_id = ANY($2::uuid[]))
           AND NOT EXISTS (SELECT 1 FROM want w WHERE w.customer_id = m.customer_id)
         RETURNING customer_id
       )
       SELECT true AS joined, customer_id AS "customerId" FROM joined
       UNION ALL SELECT false, customer_id FROM gone
       ORDER BY 2, 1`,
      [segment.id, customerIds, at, ...rule.params],
    );
  }

  /** Empties the segment; returns who left. */
  async removeAllMembers(tx: Transaction, segmentId: string): Promise<string[]> {
    const rows = await tx.manager.query<{ customer_id: string }[]>(
      // Through a SELECT: TypeORM answers a bare DELETE ... RETURNING as [rows, count].
      'WITH gone AS (DELETE FROM segments.segment_member WHERE segment_id = $1 RETURNING customer_id) SELECT customer_id FROM gone',
      [segmentId],
    );
    return rows.map((r) => r.customer_id).sort();
  }

  // Reads for the API.

  byIds(ids: readonly string[]): Promise<SegmentRow[]> {
    return this.db.query(`SELECT ${SEGMENT_COLUMNS} FROM segments.segment WHERE id = ANY($1::uuid[])`, [ids]);
  }

  page(after: Keyset<(typeof SEGMENT_CURSORS.sorts)['NAME']> | null, limit: number): Promise<SegmentRow[]> {
    return this.db.query(
      `SELECT ${SEGMENT_COLUMNS} FROM segments.segment WHERE $1::text IS NULL OR (name, id) > ($1::text, $2::uuid)
       ORDER BY name, id LIMIT $3`,
      [after?.name ?? null, after?.id ?? null, limit],
    );
  }

  members(segmentId: string, after: Keyset<(typeof MEMBER_CURSORS.sorts)['CUSTOMER']> | null, limit: number): Promise<MemberRow[]> {
    return this.db.query(
      `SELECT customer_id AS "customerId", joined_at AS "joinedAt" FROM segments.segment_member
       WHERE segment_id = $1 AND ($2::uuid IS NULL OR customer_id > $2::uuid) ORDER BY customer_id LIMIT $3`,
      [segmentId, after?.customerId ?? null, limit],
    );
  }

  async memberCounts(segmentIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ segment_id: string; n: number }[]>(
      'SELECT segment_id, count(*)::int AS n FROM segments.segment_member WHERE segment_id = ANY($1::uuid[]) GROUP BY segment_id',
      [segmentIds],
    );
    return new Map(rows.map((r) => [r.segment_id, r.n]));
  }

  /** Each customer's segments, by name, for any number of customers in one statement. */
  segmentsOf(customerIds: readonly string[]): Promise<(SegmentRow & { customer_id: string })[]> {
    return this.db.query(
      `SELECT m.customer_id, ${SEGMENT_COLUMNS.split(', ')
        .map((c) => `s.${c}`)
        .join(', ')}
       FROM segments.segment_member m JOIN segments.segment s ON s.id = m.segment_id
       WHERE m.customer_id = ANY($1::uuid[]) ORDER BY s.name, s.id`,
      [customerIds],
    );
  }
}
