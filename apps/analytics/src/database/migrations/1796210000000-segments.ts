import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segments: their definitions (rebuilt from their own events on a replay), the customer attributes
 * only segments read (from sales' customer events and marketing's loyalty tiers), each segment's
 * members, and the customer profile a rule is compiled against: a view over those attributes and
 * what the other read models already keep (churn risk and its touchpoints, the warehouse's email
 * engagement), so no figure is kept twice. The last interaction is churn risk's last engagement,
 * not the timeline's last entry: a segment's own join is a timeline entry, and must not move it.
 */
export class Segments1796210000000 implements MigrationInterface {
  name = 'Segments1796210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA segments');
    await q.query(`CREATE TABLE segments.segment (
      id uuid PRIMARY KEY, name text NOT NULL, description text, rule jsonb NOT NULL,
      defined_by uuid, defined_at timestamptz NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query('CREATE UNIQUE INDEX segment_name_idx ON segments.segment (lower(name))');
    await q.query(`CREATE TABLE segments.customer_attribute (
      customer_id uuid PRIMARY KEY, industry text, tier int, country text, loyalty_tier text, deleted boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE TABLE segments.segment_member (
      segment_id uuid NOT NULL REFERENCES segments.segment (id) ON DELETE CASCADE, customer_id uuid NOT NULL,
      joined_at timestamptz NOT NULL, PRIMARY KEY (segment_id, customer_id))`);
    await q.query('CREATE INDEX segment_member_customer_idx ON segments.segment_member (customer_id)');
    // A rule on lifetime value or email engagement reads one customer's facts: by customer, not by scanning.
    await q.query(`CREATE INDEX fact_deal_won_customer_idx ON warehouse.fact_deal (customer_id, currency) WHERE outcome = 'WON'`);
    await q.query('CREATE INDEX fact_email_any_customer_idx ON warehouse.fact_email (customer_id) WHERE customer_id IS NOT NULL');
    await q.query(`CREATE VIEW segments.customer_profile AS
      SELECT a.customer_id, a.industry, a.tier, a.country, a.loyalty_tier, r.score AS churn_risk, t.last_interaction_at,
        coalesce(e.opens, 0) AS email_opens, coalesce(e.clicks, 0) AS email_clicks
      FROM segments.customer_attribute a
      LEFT JOIN intelligence.churn_risk r ON r.customer_id = a.customer_id
      LEFT JOIN LATERAL (
        SELECT max(c.at) AS last_interaction_at FROM intelligence.churn_touchpoint c WHERE c.customer_id = a.customer_id
      ) t ON true
      LEFT JOIN LATERAL (
        SELECT sum(f.opens)::int AS opens, sum(f.clicks)::int AS clicks FROM warehouse.fact_email f WHERE f.customer_id = a.customer_id
      ) e ON true
      WHERE NOT a.deleted`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX warehouse.fact_email_any_customer_idx');
    await q.query('DROP INDEX warehouse.fact_deal_won_customer_idx');
    await q.query('DROP SCHEMA segments CASCADE');
  }
}
