import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day a deal counts on in the sales breakdown, truncated to its month: the UTC day it closed,
 * or for an open deal the day it should close. Written out here rather than imported, as a
 * migration is history; the breakdown's DAY (sales-breakdown.repository.ts) must say the same.
 */
const MONTH = `date_trunc('month', CASE WHEN f.status = 'OPEN' THEN f.close_date::timestamp ELSE f.closed_at AT TIME ZONE 'UTC' END)::date`;
const CYCLE_DAYS = 'extract(epoch FROM f.closed_at - f.created_at) / 86400';

/** Adds what `facts` (rows of opportunity with a `sign`, +1 or -1) change to the rollup. */
const track = (facts: string) => `
  BEGIN
    INSERT INTO opportunity_month AS m (currency, month, owner_id, status, deals, amount, cycle_days)
    SELECT f.currency, ${MONTH}, f.owner_id, f.status, sum(f.sign)::int, sum(f.sign * f.amount),
           coalesce(sum(f.sign * ${CYCLE_DAYS}), 0)
    FROM (${facts}) f
    GROUP BY 1, 2, 3, 4
    -- An update that moves nothing the rollup keeps (a rename) touches no rollup row.
    HAVING sum(f.sign) <> 0 OR sum(f.sign * f.amount) <> 0 OR coalesce(sum(f.sign * ${CYCLE_DAYS}), 0) <> 0
    -- Always the same order, so concurrent writers lock rollup rows in the same order and never deadlock.
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (currency, month, owner_id, status) DO UPDATE
      SET deals = m.deals + excluded.deals, amount = m.amount + excluded.amount, cycle_days = m.cycle_days + excluded.cycle_days;
    RETURN NULL;
  END`;

const TRIGGERS = [
  { op: 'INSERT', referencing: 'NEW TABLE AS new_rows', facts: 'SELECT 1 AS sign, n.* FROM new_rows n' },
  { op: 'DELETE', referencing: 'OLD TABLE AS old_rows', facts: 'SELECT -1 AS sign, o.* FROM old_rows o' },
  {
    op: 'UPDATE',
    referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    facts: 'SELECT -1 AS sign, o.* FROM old_rows o UNION ALL SELECT 1, n.* FROM new_rows n',
  },
];

/**
 * Deals per currency, month, owner and status, kept by statement triggers on `opportunity` in the
 * transaction of every write (the API's, an import's, a consumer's or plain SQL's), so the sales
 * breakdown by owner, team or nothing reads thousands of rollup rows instead of every deal: at
 * 300,000 deals it scanned them all on each call. One statement-level trigger per operation, as a
 * trigger with transition tables may fire on one only; a bulk insert updates the rollup once.
 * Every deal counts here, those of soft-deleted accounts too: the breakdown takes those out at read
 * time, so deleting an account needs no upkeep. Owners without a row (NULL) are one group
 * (NULLS NOT DISTINCT); a deal without a counting day (closed with no closed_at) has a NULL month,
 * as it has a NULL period in the breakdown.
 */
export class OpportunityMonthRollup1796190000000 implements MigrationInterface {
  name = 'OpportunityMonthRollup1796190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "opportunity_month" ("currency" character(3) NOT NULL, "month" date, "owner_id" uuid, "status" text NOT NULL, "deals" integer NOT NULL, "amount" numeric NOT NULL, "cycle_days" numeric NOT NULL)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "opportunity_month_key" ON "opportunity_month" ("currency", "month", "owner_id", "status") NULLS NOT DISTINCT',
    );
    for (const t of TRIGGERS) {
      const fn = `opportunity_month_on_${t.op.toLowerCase()}`;
      await queryRunner.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$${track(t.facts)}$fn$`);
      await queryRunner.query(
        `CREATE TRIGGER ${fn} AFTER ${t.op} ON opportunity REFERENCING ${t.referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }
    // The deals already there, whoever's they are: row-level security would hide them from an owner role.
    await queryRunner.query(`SELECT set_config('app.partner_id', '*', true)`);
    await queryRunner.query(`
      INSERT INTO opportunity_month (currency, month, owner_id, status, deals, amount, cycle_days)
      SELECT f.currency, ${MONTH}, f.owner_id, f.status, count(*), sum(f.amount), coalesce(sum(${CYCLE_DAYS}), 0)
      FROM opportunity f
      GROUP BY 1, 2, 3, 4`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of TRIGGERS) {
      const fn = `opportunity_month_on_${t.op.toLowerCase()}`;
      await queryRunner.query(`DROP TRIGGER ${fn} ON opportunity`);
      await queryRunner.query(`DROP FUNCTION ${fn}()`);
    }
    await queryRunner.query('DROP TABLE "opportunity_month"');
  }
}
