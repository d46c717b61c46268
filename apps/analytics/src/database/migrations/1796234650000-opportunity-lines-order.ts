import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An opportunity's lines follow sales' commit order, as its snapshot does: the snapshot row records
 * the position (producer, sequence, business time) of the event whose lines `opportunity_line`
 * holds, so an update committed earlier that arrives later (another customer's partition) no longer
 * puts back lines sales had since replaced. Rows from before this carry none, and the next event
 * with lines replaces them.
 */
export class OpportunityLinesOrder1796234650000 implements MigrationInterface {
  name = 'OpportunityLinesOrder1796234650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE warehouse.fact_opportunity_snapshot ADD COLUMN lines_as_of timestamptz, ADD COLUMN lines_source text, ADD COLUMN lines_sequence numeric(20,0)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE warehouse.fact_opportunity_snapshot DROP COLUMN lines_sequence, DROP COLUMN lines_source, DROP COLUMN lines_as_of',
    );
  }
}
