import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trigram indexes for searching customers by part of a name, domain or contact email (ILIKE '%...%' and similarity).
 * Written by hand: TypeORM cannot declare an operator class, so the entities mark these indexes `synchronize: false`.
 * pg_trgm is a trusted extension, so the database owner (the service's role) may create it.
 */
export class CustomerSearch1795457500000 implements MigrationInterface {
  name = 'CustomerSearch1795457500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE INDEX "customer_name_trgm_idx" ON "customer" USING gin ("name" gin_trgm_ops)');
    await queryRunner.query('CREATE INDEX "customer_domain_trgm_idx" ON "customer" USING gin ("domain" gin_trgm_ops)');
    await queryRunner.query('CREATE INDEX "contact_email_address_trgm_idx" ON "contact_email" USING gin ("address" gin_trgm_ops)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."contact_email_address_trgm_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_domain_trgm_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_name_trgm_idx"');
    // The extension stays: other objects may have come to use it.
  }
}
