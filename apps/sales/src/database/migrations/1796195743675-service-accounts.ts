import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Service accounts for integrations and their API keys (kept as keyed hashes only). */
export class ServiceAccounts1796195743675 implements MigrationInterface {
  name = 'ServiceAccounts1796195743675';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "service_account" ("id" uuid NOT NULL, "name" text NOT NULL, "roles" text array NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_service_account" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "service_account_name_key" ON "service_account" ("name") ');
    await queryRunner.query(
      'CREATE TABLE "api_key" ("id" uuid NOT NULL, "service_account_id" uuid NOT NULL, "hash" bytea NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_api_key" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "api_key_account_idx" ON "api_key" ("service_account_id", "created_at") ');
    await queryRunner.query(
      'ALTER TABLE "api_key" ADD CONSTRAINT "FK_api_key_service_account" FOREIGN KEY ("service_account_id") REFERENCES "service_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "api_key"');
    await queryRunner.query('DROP TABLE "service_account"');
  }
}
