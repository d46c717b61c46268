import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Churn risk, in a schema of its own for customer intelligence: the signals (each row keyed by the
 * event or record it came from, so a replay builds identical tables) and the latest score of every
 * customer with its reasons, which depends on when it was scored as well.
 */
export class ChurnRisk1796190000000 implements MigrationInterface {
  name = 'ChurnRisk1796190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA intelligence');
    // Engagement: one row per touchpoint event other than support cases.
    await q.query(`CREATE TABLE intelligence.churn_touchpoint (
      event_id uuid PRIMARY KEY, customer_id uuid NOT NULL, at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX churn_touchpoint_customer_idx ON intelligence.churn_touchpoint (customer_id, at)');
    await q.query(`CREATE TABLE intelligence.churn_case (
      case_id uuid PRIMARY KEY, customer_id uuid NOT NULL, priority text NOT NULL, open boolean NOT NULL, opened_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX churn_case_open_idx ON intelligence.churn_case (customer_id) WHERE open');
    await q.query(`CREATE TABLE intelligence.churn_sla_breach (
      event_id uuid PRIMARY KEY, customer_id uuid NOT NULL, case_id uuid NOT NULL, at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX churn_sla_breach_customer_idx ON intelligence.churn_sla_breach (customer_id, at)');
    // One answer per case (service takes one).
    await q.query(`CREATE TABLE intelligence.churn_csat (
      case_id uuid PRIMARY KEY, customer_id uuid NOT NULL, score int NOT NULL CHECK (score BETWEEN 1 AND 5), at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX churn_csat_customer_idx ON intelligence.churn_csat (customer_id, at)');
    await q.query(`CREATE TABLE intelligence.churn_lost_renewal (
      opportunity_id uuid PRIMARY KEY, customer_id uuid NOT NULL, at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX churn_lost_renewal_customer_idx ON intelligence.churn_lost_renewal (customer_id, at)');
    await q.query(`CREATE TABLE intelligence.churn_risk (
      customer_id uuid PRIMARY KEY, score numeric(5,4) NOT NULL CHECK (score BETWEEN 0 AND 1), at_risk boolean NOT NULL,
      reasons jsonb NOT NULL, scored_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA intelligence CASCADE');
  }
}
