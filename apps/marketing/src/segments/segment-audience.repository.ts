import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonKind } from '../people/person.enums';
import type { Person } from '../people/person';

/** Marketing's read model of analytics' segments and of sales' contacts, for campaign audiences. */
@Injectable()
export class SegmentAudienceRepository {
  constructor(private readonly db: DataSource) {}

  async segmentDefined(tx: Transaction, id: string, name: string): Promise<void> {
    await tx.manager.query(
      'INSERT INTO audience_segment (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = $2 WHERE NOT audience_segment.deleted',
      [id, name],
    );
  }

  async segmentDeleted(tx: Transaction, id: string): Promise<void> {
    await tx.manager.query(
      `INSERT INTO audience_segment (id, name, deleted) VALUES ($1, '', true) ON CONFLICT (id) DO UPDATE SET deleted = true`,
      [id],
    );
    await tx.manager.query('DELETE FROM audience_segment_member WHERE segment_id = $1', [id]);
  }

  /** A member event may arrive before its segment's definition (another key, another partition): it names the segment. */
  async joined(tx: Transaction, segmentId: string, segmentName: string, customerId: string): Promise<void> {
    await tx.manager.query('INSERT INTO audience_segment (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [segmentId, segmentName]);
    await tx.manager.query('INSERT INTO audience_segment_member (segment_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      segmentId,
      customerId,
    ]);
  }

  async left(tx: Transaction, segmentId: string, customerId: string): Promise<void> {
    await tx.manager.query('DELETE FROM audience_segment_member WHERE segment_id = $1 AND customer_id = $2', [segmentId, customerId]);
  }

  /** Added or changed; an older event than the one recorded changes nothing. */
  async contact(
    tx: Transaction,
    c: { contactId: string; customerId: string; email: string | null; fullName: string },
    at: Date,
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO audience_contact (contact_id, customer_id, email, name, changed_at) VALUES ($1, $2, lower($3), $4, $5)
       ON CONFLICT (contact_id) DO UPDATE SET customer_id = $2, email = lower($3), name = $4, changed_at = $5
       WHERE audience_contact.changed_at <= $5 AND NOT audience_contact.deleted`,
      [c.contactId, c.customerId, c.email, c.fullName, at],
    );
  }

  async contactDeleted(tx: Transaction, contactId: string, customerId: string, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO audience_contact (contact_id, customer_id, name, deleted, changed_at) VALUES ($1, $2, '', true, $3)
       ON CONFLICT (contact_id) DO UPDATE SET deleted = true, changed_at = $3`,
      [contactId, customerId, at],
    );
  }

  /** A customer merge moved these contacts to the survivor. */
  async contactsMoved(tx: Transaction, contactIds: string[], customerId: string): Promise<void> {
    await tx.manager.query('UPDATE audience_contact SET customer_id = $2 WHERE contact_id = ANY($1::uuid[])', [contactIds, customerId]);
  }

  async segmentExists(id: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM audience_segment WHERE id = $1 AND NOT deleted', [id]);
    return rows.length > 0;
  }

  /** The contacts with an address of the segment's member customers, at most `limit`, in a stable order. */
  async people(segmentId: string, limit: number): Promise<Person[]> {
    const rows = await this.db.query<{ id: string; email: string; name: string; customer_id: string }[]>(
      `SELECT c.contact_id AS id, c.email, c.name, c.customer_id
       FROM audience_segment_member m JOIN audience_contact c ON c.customer_id = m.customer_id AND NOT c.deleted AND c.email IS NOT NULL
       WHERE m.segment_id = $1 ORDER BY c.customer_id, c.contact_id LIMIT $2`,
      [segmentId, limit],
    );
    return rows.map((r) => ({
      kind: PersonKind.CONTACT,
      id: r.id,
      email: r.email,
      name: r.name,
      company: null,
      customerId: r.customer_id,
    }));
  }
}
