import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The warehouse follows its producers' commit order (the CloudEvents `sequence`) where business
 * time can mislead:
 * - an opportunity's snapshot records the position (producer and sequence) of the event whose state
 *   it holds, so a later commit replaces it even when its business time is older (a back-dated
 *   win after lines set today), and an earlier commit arriving late (another partition) does not;
 * - a lead's source is kept as the history of its changes, and a conversion records its position,
 *   so a deal keeps the source its lead had when converted, whatever marketing sets later.
 * Events from before the sequence existed carry none: those are ordered by business time as before.
 * The history starts from each lead's latest source (what `dim_lead` held); replaying the warehouse
 * group fills in the changes before it.
 */
export class WarehouseCommitOrder1796234520000 implements MigrationInterface {
  name = 'WarehouseCommitOrder1796234520000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE warehouse.fact_opportunity_snapshot ADD COLUMN as_of_source text, ADD COLUMN as_of_sequence numeric(20,0)');

    await q.query(`CREATE TABLE warehouse.lead_source_change (
      event_id uuid PRIMARY KEY, lead_id uuid NOT NULL, source text NOT NULL, changed_at timestamptz NOT NULL,
      producer text NOT NULL, sequence numeric(20,0))`);
    await q.query('CREATE INDEX lead_source_change_lead_idx ON warehouse.lead_source_change (lead_id)');
    // A key of its own for each lead's carried-over source (no event id survives in dim_lead), stable across runs.
    await q.query(`INSERT INTO warehouse.lead_source_change (event_id, lead_id, source, changed_at, producer)
      SELECT md5('dim_lead:' || lead_id::text)::uuid, lead_id, source, source_at, 'crm.marketing' FROM warehouse.dim_lead`);
    await q.query('DROP TABLE warehouse.dim_lead');
    await q.query('ALTER TABLE warehouse.lead_conversion ADD COLUMN producer text, ADD COLUMN sequence numeric(20,0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE warehouse.lead_conversion DROP COLUMN sequence, DROP COLUMN producer');
    await q.query('CREATE TABLE warehouse.dim_lead (lead_id uuid PRIMARY KEY, source text NOT NULL, source_at timestamptz NOT NULL)');
    await q.query(`INSERT INTO warehouse.dim_lead (lead_id, source, source_at)
      SELECT DISTINCT ON (lead_id) lead_id, source, changed_at FROM warehouse.lead_source_change
      ORDER BY lead_id, sequence DESC NULLS LAST, changed_at DESC, event_id DESC`);
    await q.query('DROP TABLE warehouse.lead_source_change');
    await q.query('ALTER TABLE warehouse.fact_opportunity_snapshot DROP COLUMN as_of_sequence, DROP COLUMN as_of_source');
  }
}
