import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Loyalty: the programme, an append-only points ledger and each customer's balance and tier. */
export class Loyalty1796196000000 implements MigrationInterface {
  name = 'Loyalty1796196000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "loyalty_programme" ("id" smallint NOT NULL, "name" text NOT NULL, "tiers" jsonb NOT NULL, "currency" character(3) NOT NULL, "revenue_per_point" numeric(19,4) NOT NULL, "points_per_attendance" integer NOT NULL, "tier_period_days" integer NOT NULL, "expiry_days" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1cadee72d685997bbc977bf295c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "loyalty_entry" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "kind" text NOT NULL, "points" integer NOT NULL, "source_key" text, "reason" text, "created_by" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c621f3c071151be7f8f99a1bb35" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "loyalty_entry_customer_idx" ON "loyalty_entry" ("customer_id", "occurred_at", "id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "loyalty_entry_source_key" ON "loyalty_entry" ("source_key") WHERE "source_key" IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "loyalty_account" ("customer_id" uuid NOT NULL, "balance" integer NOT NULL, "tier" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "loyalty_account_balance_check" CHECK ("balance" >= 0), CONSTRAINT "PK_43f1cb25d86d894f53078dd864a" PRIMARY KEY ("customer_id"))',
    );
    // The ledger is append-only: a line once written is never changed or removed, so balances can be audited.
    await queryRunner.query(
      `CREATE FUNCTION loyalty_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'loyalty_entry is append-only'; END $$`,
    );
    await queryRunner.query(
      'CREATE TRIGGER loyalty_entry_append_only BEFORE UPDATE OR DELETE ON "loyalty_entry" FOR EACH ROW EXECUTE FUNCTION loyalty_entry_append_only()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER loyalty_entry_append_only ON "loyalty_entry"');
    await queryRunner.query('DROP FUNCTION loyalty_entry_append_only()');
    await queryRunner.query('DROP TABLE "loyalty_account"');
    await queryRunner.query('DROP INDEX "public"."loyalty_entry_source_key"');
    await queryRunner.query('DROP INDEX "public"."loyalty_entry_customer_idx"');
    await queryRunner.query('DROP TABLE "loyalty_entry"');
    await queryRunner.query('DROP TABLE "loyalty_programme"');
  }
}
