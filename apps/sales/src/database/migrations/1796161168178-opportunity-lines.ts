import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Products on a deal, independent of quotes, and whether the deal's amount was set by hand rather than from them. */
export class OpportunityLines1796161168178 implements MigrationInterface {
  name = 'OpportunityLines1796161168178';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunity" ADD "amount_set_by_hand" boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      'CREATE TABLE "opportunity_line" ("id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, "position" integer NOT NULL, "product_id" uuid NOT NULL, "description" text NOT NULL, "quantity" numeric(19,4) NOT NULL, "unit_price" numeric(19,4) NOT NULL, "discount_percent" numeric(7,4) NOT NULL, "net_amount" numeric(19,4) NOT NULL, CONSTRAINT "opportunity_line_discount_check" CHECK ("discount_percent" BETWEEN 0 AND 100), CONSTRAINT "opportunity_line_unit_price_check" CHECK ("unit_price" >= 0), CONSTRAINT "opportunity_line_quantity_check" CHECK ("quantity" > 0), CONSTRAINT "opportunity_line_pkey" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "opportunity_line_product_idx" ON "opportunity_line" ("product_id")');
    await queryRunner.query('CREATE UNIQUE INDEX "opportunity_line_opportunity_idx" ON "opportunity_line" ("opportunity_id", "position")');
    await queryRunner.query(
      'ALTER TABLE "opportunity_line" ADD CONSTRAINT "FK_167c4ff12d75c04faa5f0dab9cf" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunity_line" ADD CONSTRAINT "FK_5a591f2d8e06507f28b3584161c" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "opportunity_line"');
    await queryRunner.query('ALTER TABLE "opportunity" DROP COLUMN "amount_set_by_hand"');
  }
}
