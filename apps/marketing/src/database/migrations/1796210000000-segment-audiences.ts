import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segments as campaign audiences: what marketing learns from analytics' segment events (which
 * segments exist, which customers are in each) and from sales' contact events (each customer's
 * contacts and their addresses), so a segment turns into people to write to without asking anyone.
 */
export class SegmentAudiences1796210000000 implements MigrationInterface {
  name = 'SegmentAudiences1796210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE audience_segment (id uuid PRIMARY KEY, name text NOT NULL, deleted boolean NOT NULL DEFAULT false)');
    await q.query(`CREATE TABLE audience_segment_member (
      segment_id uuid NOT NULL, customer_id uuid NOT NULL, PRIMARY KEY (segment_id, customer_id))`);
    await q.query(`CREATE TABLE audience_contact (
      contact_id uuid PRIMARY KEY, customer_id uuid NOT NULL, email text, name text NOT NULL,
      deleted boolean NOT NULL DEFAULT false, changed_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX audience_contact_customer_idx ON audience_contact (customer_id) WHERE NOT deleted AND email IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audience_contact');
    await q.query('DROP TABLE audience_segment_member');
    await q.query('DROP TABLE audience_segment');
  }
}
