import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The warehouse: facts at their natural grain and the dimensions they join, in a schema of its own
 * so analysts' tools see it apart from the read models the API serves. Money is numeric(19,4) with
 * its currency beside it, never a float. Keys are the events' own ids (or the record's id for an
 * accumulating snapshot), never sequences, so a replay builds identical tables.
 */
export class Warehouse1796185000000 implements MigrationInterface {
  name = 'Warehouse1796185000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA warehouse');
    // Dimensions.
    await q.query(`CREATE TABLE warehouse.dim_date (
      date_key date PRIMARY KEY, year int NOT NULL, quarter int NOT NULL, month int NOT NULL,
      week date NOT NULL, day_of_week int NOT NULL)`);
    // Type 2: one row per version of the customer's attributes, the current one with valid_to null.
    await q.query(`CREATE TABLE warehouse.dim_customer (
      customer_id uuid NOT NULL, valid_from timestamptz NOT NULL, valid_to timestamptz,
      name text NOT NULL, kind text NOT NULL, deleted boolean NOT NULL DEFAULT false,
      PRIMARY KEY (customer_id, valid_from))`);
    await q.query('CREATE UNIQUE INDEX dim_customer_current_idx ON warehouse.dim_customer (customer_id) WHERE valid_to IS NULL');
    await q.query(`CREATE TABLE warehouse.dim_owner (
      owner_id uuid PRIMARY KEY, name text NOT NULL, email text, active boolean NOT NULL, manager_id uuid, regional_office text)`);
    await q.query(`CREATE TABLE warehouse.dim_partner (
      partner_id uuid PRIMARY KEY, name text NOT NULL, kind text, tier text, status text)`);
    await q.query(`CREATE TABLE warehouse.dim_campaign (
      campaign_id uuid PRIMARY KEY, name text NOT NULL, campaign_type text NOT NULL, status text NOT NULL, parent_id uuid)`);
    // Products have no events of their own yet: the dimension holds the ids the facts name.
    await q.query('CREATE TABLE warehouse.dim_product (product_id uuid PRIMARY KEY)');

    // Opportunities: every stage transition, the current state (accumulating snapshot), its lines, and the close.
    await q.query(`CREATE TABLE warehouse.fact_opportunity_stage (
      event_id uuid NOT NULL, seq int NOT NULL, opportunity_id uuid NOT NULL, customer_id uuid NOT NULL,
      from_stage_id uuid, to_stage_id uuid NOT NULL, from_status text, to_status text NOT NULL,
      amount numeric(19,4) NOT NULL, currency char(3) NOT NULL, owner_id uuid, partner_id uuid,
      changed_at timestamptz NOT NULL, date_key date NOT NULL, PRIMARY KEY (event_id, seq))`);
    await q.query('CREATE INDEX fact_opportunity_stage_opp_idx ON warehouse.fact_opportunity_stage (opportunity_id, changed_at)');
    await q.query(`CREATE TABLE warehouse.fact_opportunity_snapshot (
      opportunity_id uuid PRIMARY KEY, customer_id uuid NOT NULL, name text NOT NULL, pipeline_id uuid NOT NULL,
      stage_id uuid NOT NULL, status text NOT NULL, amount numeric(19,4) NOT NULL, currency char(3) NOT NULL,
      close_date date NOT NULL, owner_id uuid, partner_id uuid, as_of timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE warehouse.opportunity_line (
      opportunity_id uuid NOT NULL, line_no int NOT NULL, product_id uuid NOT NULL, quantity numeric(19,4) NOT NULL,
      unit_price numeric(19,4) NOT NULL, discount_percent numeric(7,4) NOT NULL, net numeric(19,4) NOT NULL,
      currency char(3) NOT NULL, PRIMARY KEY (opportunity_id, line_no))`);
    await q.query(`CREATE TABLE warehouse.fact_deal (
      opportunity_id uuid PRIMARY KEY, outcome text NOT NULL, customer_id uuid NOT NULL, owner_id uuid, partner_id uuid,
      amount numeric(19,4) NOT NULL, currency char(3) NOT NULL, reason text, closed_at timestamptz NOT NULL,
      date_key date NOT NULL)`);
    await q.query('CREATE INDEX fact_deal_closed_idx ON warehouse.fact_deal (date_key)');
    // The lines as they stood when the deal closed; a deal without lines has none.
    await q.query(`CREATE TABLE warehouse.fact_deal_line (
      opportunity_id uuid NOT NULL, line_no int NOT NULL, product_id uuid NOT NULL, quantity numeric(19,4) NOT NULL,
      net numeric(19,4) NOT NULL, currency char(3) NOT NULL, PRIMARY KEY (opportunity_id, line_no))`);

    // Service, sales activities, marketing, partners.
    await q.query(`CREATE TABLE warehouse.fact_case (
      case_id uuid PRIMARY KEY, customer_id uuid NOT NULL, product_id uuid, priority text NOT NULL, status text NOT NULL,
      opened_at timestamptz NOT NULL, resolved_at timestamptz, first_response_breached boolean NOT NULL DEFAULT false,
      resolution_breached boolean NOT NULL DEFAULT false, date_key date NOT NULL)`);
    await q.query(`CREATE TABLE warehouse.fact_activity (
      activity_id uuid PRIMARY KEY, customer_id uuid NOT NULL, opportunity_id uuid, type text NOT NULL, owner_id uuid,
      automated boolean NOT NULL, created_at timestamptz NOT NULL, completed_at timestamptz, deleted_at timestamptz,
      date_key date NOT NULL)`);
    await q.query(`CREATE TABLE warehouse.fact_email (
      message_id uuid PRIMARY KEY, campaign_id uuid NOT NULL, person_kind text NOT NULL, person_id uuid NOT NULL,
      customer_id uuid, sent_at timestamptz, first_opened_at timestamptz, first_clicked_at timestamptz,
      opens int NOT NULL DEFAULT 0, clicks int NOT NULL DEFAULT 0)`);
    await q.query(`CREATE TABLE warehouse.fact_form_submission (
      submission_id uuid PRIMARY KEY, form_id uuid NOT NULL, form_name text NOT NULL, lead_id uuid NOT NULL, customer_id uuid,
      campaign_id uuid, utm_source text, utm_medium text, is_new_lead boolean NOT NULL, score_points int NOT NULL,
      submitted_at timestamptz NOT NULL, date_key date NOT NULL)`);
    await q.query(`CREATE TABLE warehouse.fact_commission (
      commission_id uuid PRIMARY KEY, partner_id uuid NOT NULL, opportunity_id uuid NOT NULL, customer_id uuid NOT NULL,
      amount numeric(19,4) NOT NULL, currency char(3) NOT NULL, status text NOT NULL, accrued_at timestamptz,
      approved_at timestamptz, paid_at timestamptz, reversed_at timestamptz)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA warehouse CASCADE');
  }
}
