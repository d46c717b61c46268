import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The warehouse's missing facts and dimensions:
 * - survey answers (service's case.csat-submitted), one per case, and the queue a case is in (from
 *   its assignments, breaches and escalations), so CSAT can be averaged by queue;
 * - the loyalty ledger (marketing's loyalty.points-changed) and the tier changes, keyed by event,
 *   which also give a customer's loyalty tier at any instant;
 * - a deal's origin: the lead source of each lead (latest by event time) and the opportunity a
 *   lead's conversion opened.
 * Facts from before this migration reach these tables when the warehouse group is replayed.
 */
export class WarehouseSurveysLoyaltyOrigins1796234410000 implements MigrationInterface {
  name = 'WarehouseSurveysLoyaltyOrigins1796234410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE warehouse.fact_survey_answer (
      case_id uuid PRIMARY KEY, customer_id uuid NOT NULL, product_id uuid, score int NOT NULL, has_comment boolean NOT NULL,
      answered_at timestamptz NOT NULL, date_key date NOT NULL)`);
    await q.query('CREATE INDEX fact_survey_answer_customer_idx ON warehouse.fact_survey_answer (customer_id)');
    await q.query('ALTER TABLE warehouse.fact_case ADD COLUMN queue_id uuid, ADD COLUMN queue_at timestamptz');

    await q.query(`CREATE TABLE warehouse.fact_loyalty_entry (
      entry_id uuid PRIMARY KEY, customer_id uuid NOT NULL, kind text NOT NULL, points int NOT NULL, balance int NOT NULL,
      occurred_at timestamptz NOT NULL, date_key date NOT NULL)`);
    await q.query('CREATE INDEX fact_loyalty_entry_customer_idx ON warehouse.fact_loyalty_entry (customer_id)');
    await q.query(`CREATE TABLE warehouse.fact_loyalty_tier_change (
      event_id uuid PRIMARY KEY, customer_id uuid NOT NULL, from_tier text, to_tier text, period_points int NOT NULL,
      changed_at timestamptz NOT NULL, date_key date NOT NULL)`);
    // The tier a customer had at an instant: its latest change at or before it.
    await q.query('CREATE INDEX fact_loyalty_tier_change_customer_idx ON warehouse.fact_loyalty_tier_change (customer_id, changed_at)');

    await q.query('CREATE TABLE warehouse.dim_lead (lead_id uuid PRIMARY KEY, source text NOT NULL, source_at timestamptz NOT NULL)');
    await q.query('ALTER TABLE warehouse.lead_conversion ADD COLUMN opportunity_id uuid');
    await q.query(
      'CREATE INDEX lead_conversion_opportunity_idx ON warehouse.lead_conversion (opportunity_id) WHERE opportunity_id IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX warehouse.lead_conversion_opportunity_idx');
    await q.query('ALTER TABLE warehouse.lead_conversion DROP COLUMN opportunity_id');
    await q.query('DROP TABLE warehouse.dim_lead');
    await q.query('DROP TABLE warehouse.fact_loyalty_tier_change');
    await q.query('DROP TABLE warehouse.fact_loyalty_entry');
    await q.query('ALTER TABLE warehouse.fact_case DROP COLUMN queue_at, DROP COLUMN queue_id');
    await q.query('DROP TABLE warehouse.fact_survey_answer');
  }
}
