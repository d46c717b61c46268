import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The warehouse facts attribution needs beyond forms and emails: who joined a campaign (a lead's
 * or contact's membership, the customer's when known) and when a lead became marketing-qualified.
 * Keyed by the records' ids, times the events' own, so a replay builds identical rows.
 */
export class CampaignTouches1796200000000 implements MigrationInterface {
  name = 'CampaignTouches1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE warehouse.fact_campaign_member (
      campaign_id uuid NOT NULL, person_id uuid NOT NULL, person_kind text NOT NULL, customer_id uuid, status text NOT NULL,
      added_at timestamptz NOT NULL, changed_at timestamptz NOT NULL, PRIMARY KEY (campaign_id, person_id))`);
    await q.query('CREATE INDEX fact_campaign_member_customer_idx ON warehouse.fact_campaign_member (customer_id)');
    await q.query(`CREATE TABLE warehouse.fact_lead_qualified (
      lead_id uuid PRIMARY KEY, customer_id uuid, qualified_at timestamptz NOT NULL)`);
    // Attribution looks a customer's touches up by customer.
    await q.query('CREATE INDEX fact_email_customer_idx ON warehouse.fact_email (customer_id) WHERE first_clicked_at IS NOT NULL');
    await q.query('CREATE INDEX fact_form_submission_customer_idx ON warehouse.fact_form_submission (customer_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX warehouse.fact_form_submission_customer_idx');
    await q.query('DROP INDEX warehouse.fact_email_customer_idx');
    await q.query('DROP TABLE warehouse.fact_lead_qualified');
    await q.query('DROP TABLE warehouse.fact_campaign_member');
  }
}
