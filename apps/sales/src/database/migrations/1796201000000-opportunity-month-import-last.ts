import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written out here rather than imported, as a migration is history: the same rollup as
 * OpportunityMonthRollup1796190000000 (and the breakdown's DAY in sales-breakdown.repository.ts).
 */
const MONTH = `date_trunc('month', CASE WHEN f.status = 'OPEN' THEN f.close_date::timestamp ELSE f.closed_at AT TIME ZONE 'UTC' END)::date`;
const CYCLE_DAYS = 'extract(epoch FROM f.closed_at - f.created_at) / 86400';

const add = (facts: string) => `
    INSERT INTO opportunity_month AS m (currency, month, owner_id, status, deals, amount, cycle_days)
    SELECT f.currency, ${MONTH}, f.owner_id, f.status, sum(f.sign)::int, sum(f.sign * f.amount),
           coalesce(sum(f.sign * ${CYCLE_DAYS}), 0)
    FROM (${facts}) f
    GROUP BY 1, 2, 3, 4
    HAVING sum(f.sign) <> 0 OR sum(f.sign * f.amount) <> 0 OR coalesce(sum(f.sign * ${CYCLE_DAYS}), 0) <> 0
    -- Always the same order, so concurrent writers lock rollup rows in the same order and never deadlock.
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (currency, month, owner_id, status) DO UPDATE
      SET deals = m.deals + excluded.deals, amount = m.amount + excluded.amount, cycle_days = m.cycle_days + excluded.cycle_days;`;

/** The transaction-local setting by which a bulk import says it adds its deals to the rollup itself, last. */
const ADDED_LAST = `current_setting('app.opportunity_month', true) = 'added-last'`;

/**
 * A bulk import adds its deals to `opportunity_month` as the last statement of its transaction
 * (`opportunity_month_add_deals`) rather than in the insert trigger. Every batch of an import
 * touches nearly the same rollup rows (same currency, owners and months), and the insert trigger
 * locked them at the batch's first write until its commit: a concurrent batch then waited there for
 * the whole of the other's stage history, lines and outbox, and two batches never used Postgres side
 * by side (the bench's statement breakdown: the rollup upsert took more time per deal than the
 * deals' insert itself, nearly all of it waiting). Only a transaction that set the setting skips
 * the trigger, and it clears it when it adds its deals; every other write is tracked as before.
 */
export class OpportunityMonthImportLast1796201000000 implements MigrationInterface {
  name = 'OpportunityMonthImportLast1796201000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION opportunity_month_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF ${ADDED_LAST} THEN RETURN NULL; END IF;
    ${add('SELECT 1 AS sign, n.* FROM new_rows n')}
    RETURN NULL;
  END $fn$`);
    await queryRunner.query(`CREATE FUNCTION opportunity_month_add_deals(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    ${add('SELECT 1 AS sign, o.* FROM opportunity o WHERE o.id = ANY(ids)')}
    PERFORM set_config('app.opportunity_month', '', true);
  END $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION opportunity_month_add_deals(uuid[])');
    await queryRunner.query(`CREATE OR REPLACE FUNCTION opportunity_month_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${add('SELECT 1 AS sign, n.* FROM new_rows n')}
    RETURN NULL;
  END $fn$`);
  }
}
