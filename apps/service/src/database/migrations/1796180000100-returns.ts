import type { MigrationInterface, QueryRunner } from 'typeorm';

const SETTING = `current_setting('app.customer_id', true)`;

/** What a transaction scoped to one customer sees of the return tables, as the case's other tables do. */
const POLICIES: Record<string, string> = {
  case_return: `customer_id::text = ${SETTING}`,
  case_return_item: 'EXISTS (SELECT 1 FROM case_return r WHERE r.id = return_id)',
};

/** Return authorisations (RMA) on return cases and their items, scoped by customer. */
export class Returns1796180000100 implements MigrationInterface {
  name = 'Returns1796180000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_return" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "status" text NOT NULL, "refund_amount" numeric, "refund_currency" text, "rejection_reason" text, "requested_by" uuid, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "case_return_refund_check" CHECK (("refund_amount" IS NULL) = ("refund_currency" IS NULL) AND ("refund_amount" IS NULL) = ("status" <> 'REFUNDED')), CONSTRAINT "PK_case_return" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "case_return_requested_idx" ON "case_return"  ("requested_at", "id") ');
    await queryRunner.query('CREATE INDEX "case_return_customer_idx" ON "case_return"  ("customer_id", "requested_at", "id") ');
    await queryRunner.query('CREATE INDEX "case_return_case_idx" ON "case_return"  ("case_id", "requested_at", "id") ');
    await queryRunner.query(
      `CREATE TABLE "case_return_item" ("return_id" uuid NOT NULL, "position" smallint NOT NULL, "product_id" uuid NOT NULL, "quantity" integer NOT NULL, "reason" text NOT NULL, "condition" text NOT NULL, CONSTRAINT "case_return_item_quantity_check" CHECK ("quantity" > 0), CONSTRAINT "PK_case_return_item" PRIMARY KEY ("return_id", "position"))`,
    );
    for (const [table, own] of Object.entries(POLICIES)) {
      const rule = `(${SETTING} = '*' OR (${SETTING} <> '' AND ${own}))`;
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY "${table}_customer_scope" ON "${table}" USING ${rule} WITH CHECK ${rule}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "case_return_item"');
    await queryRunner.query('DROP TABLE "case_return"');
  }
}
