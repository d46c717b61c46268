import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which customer each converted lead became, from marketing's lead.converted. A lead captured with
 * no customer touches campaigns (forms, mail clicks, memberships) whose facts carry no customer;
 * attribution finds those touches through this table when it reads them, not by rewriting the
 * facts, so it is right whichever of the lead and campaign topics a consumer or a replay reads
 * first. Conversions before this migration reach it when the warehouse group is replayed.
 */
export class LeadConversion1796234200000 implements MigrationInterface {
  name = 'LeadConversion1796234200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE warehouse.lead_conversion (
      lead_id uuid PRIMARY KEY, customer_id uuid NOT NULL, converted_at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX lead_conversion_customer_idx ON warehouse.lead_conversion (customer_id)');
    // A lead's touches that carry no customer, looked up by the lead.
    await q.query(
      'CREATE INDEX fact_form_submission_anonymous_lead_idx ON warehouse.fact_form_submission (lead_id) WHERE customer_id IS NULL',
    );
    await q.query(`CREATE INDEX fact_email_anonymous_lead_idx ON warehouse.fact_email (person_id)
      WHERE person_kind = 'LEAD' AND customer_id IS NULL AND first_clicked_at IS NOT NULL`);
    await q.query(`CREATE INDEX fact_campaign_member_anonymous_lead_idx ON warehouse.fact_campaign_member (person_id)
      WHERE person_kind = 'LEAD' AND customer_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX warehouse.fact_campaign_member_anonymous_lead_idx');
    await q.query('DROP INDEX warehouse.fact_email_anonymous_lead_idx');
    await q.query('DROP INDEX warehouse.fact_form_submission_anonymous_lead_idx');
    await q.query('DROP TABLE warehouse.lead_conversion');
  }
}
