import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Quotes1795453235434 implements MigrationInterface {
  name = 'Quotes1795453235434';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "price_book_entry" ("price_book_id" uuid NOT NULL, "product_id" uuid NOT NULL, "currency" character(3) NOT NULL, "unit_price" numeric(19,4) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "price_book_entry_unit_price_check" CHECK ("unit_price" >= 0), CONSTRAINT "PK_5e4c999997c4d84f6bfd4657394" PRIMARY KEY ("price_book_id", "product_id", "currency"))',
    );
    await queryRunner.query(
      'CREATE TABLE "price_book" ("id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fb473c983fb114a3a245774b3bb" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "price_book_name_key" ON "price_book"  ("name") ');
    await queryRunner.query(
      'CREATE TABLE "product" ("id" uuid NOT NULL, "sku" text NOT NULL, "name" text NOT NULL, "description" text, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "product_created_idx" ON "product"  ("created_at", "id") ');
    await queryRunner.query('CREATE INDEX "product_name_idx" ON "product"  ("name", "id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "product_sku_key" ON "product"  ("sku") ');
    await queryRunner.query(
      'CREATE TABLE "quote_line" ("id" uuid NOT NULL, "quote_id" uuid NOT NULL, "position" integer NOT NULL, "product_id" uuid NOT NULL, "description" text NOT NULL, "quantity" numeric(19,4) NOT NULL, "unit_price" numeric(19,4) NOT NULL, "discount_percent" numeric(7,4) NOT NULL, "tax_percent" numeric(7,4) NOT NULL, "net_amount" numeric(19,4) NOT NULL, "tax_amount" numeric(19,4) NOT NULL, "total" numeric(19,4) NOT NULL, CONSTRAINT "quote_line_tax_check" CHECK ("tax_percent" BETWEEN 0 AND 100), CONSTRAINT "quote_line_discount_check" CHECK ("discount_percent" BETWEEN 0 AND 100), CONSTRAINT "quote_line_unit_price_check" CHECK ("unit_price" >= 0), CONSTRAINT "quote_line_quantity_check" CHECK ("quantity" > 0), CONSTRAINT "PK_a26b43aca98839fad6b4c70ec8b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "quote_line_product_idx" ON "quote_line"  ("product_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "quote_line_quote_idx" ON "quote_line"  ("quote_id", "position") ');
    await queryRunner.query(
      'CREATE TABLE "quote" ("id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, "version" integer NOT NULL, "status" text NOT NULL, "currency" character(3) NOT NULL, "price_book_id" uuid, "subtotal" numeric(19,4) NOT NULL, "tax_total" numeric(19,4) NOT NULL, "total" numeric(19,4) NOT NULL, "valid_until" date, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "quote_version_check" CHECK ("version" > 0), CONSTRAINT "quote_status_check" CHECK ("status" IN (\'DRAFT\', \'SENT\', \'ACCEPTED\', \'REJECTED\', \'EXPIRED\')), CONSTRAINT "PK_b772d4cb09e587c8c72a78d2439" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "quote_total_idx" ON "quote"  ("total", "id") ');
    await queryRunner.query('CREATE INDEX "quote_created_idx" ON "quote"  ("created_at", "id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "quote_one_accepted_key" ON "quote"  ("opportunity_id") WHERE status = \'ACCEPTED\'');
    await queryRunner.query('CREATE UNIQUE INDEX "quote_version_key" ON "quote"  ("opportunity_id", "version") ');
    await queryRunner.query(
      'ALTER TABLE "price_book_entry" ADD CONSTRAINT "FK_f0e5eeaf451717ce3a0e8a2c4b3" FOREIGN KEY ("price_book_id") REFERENCES "price_book"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "price_book_entry" ADD CONSTRAINT "FK_57d07d41efdfa859189fae052f6" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "quote_line" ADD CONSTRAINT "FK_d6a4bcb3ac28d8581efbca837e1" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "quote_line" ADD CONSTRAINT "FK_6856ed62ce4072c8859c551b224" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "quote" ADD CONSTRAINT "FK_1460df09ef4d11697a9809d8e04" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "quote" ADD CONSTRAINT "FK_55b8922b2f251411e753745c9ef" FOREIGN KEY ("price_book_id") REFERENCES "price_book"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "quote" DROP CONSTRAINT "FK_55b8922b2f251411e753745c9ef"');
    await queryRunner.query('ALTER TABLE "quote" DROP CONSTRAINT "FK_1460df09ef4d11697a9809d8e04"');
    await queryRunner.query('ALTER TABLE "quote_line" DROP CONSTRAINT "FK_6856ed62ce4072c8859c551b224"');
    await queryRunner.query('ALTER TABLE "quote_line" DROP CONSTRAINT "FK_d6a4bcb3ac28d8581efbca837e1"');
    await queryRunner.query('ALTER TABLE "price_book_entry" DROP CONSTRAINT "FK_57d07d41efdfa859189fae052f6"');
    await queryRunner.query('ALTER TABLE "price_book_entry" DROP CONSTRAINT "FK_f0e5eeaf451717ce3a0e8a2c4b3"');
    await queryRunner.query('DROP INDEX "public"."quote_version_key"');
    await queryRunner.query('DROP INDEX "public"."quote_one_accepted_key"');
    await queryRunner.query('DROP INDEX "public"."quote_created_idx"');
    await queryRunner.query('DROP INDEX "public"."quote_total_idx"');
    await queryRunner.query('DROP TABLE "quote"');
    await queryRunner.query('DROP INDEX "public"."quote_line_quote_idx"');
    await queryRunner.query('DROP INDEX "public"."quote_line_product_idx"');
    await queryRunner.query('DROP TABLE "quote_line"');
    await queryRunner.query('DROP INDEX "public"."product_sku_key"');
    await queryRunner.query('DROP INDEX "public"."product_name_idx"');
    await queryRunner.query('DROP INDEX "public"."product_created_idx"');
    await queryRunner.query('DROP TABLE "product"');
    await queryRunner.query('DROP INDEX "public"."price_book_name_key"');
    await queryRunner.query('DROP TABLE "price_book"');
    await queryRunner.query('DROP TABLE "price_book_entry"');
  }
}
