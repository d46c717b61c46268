import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadRouting1796182000000 implements MigrationInterface {
  name = 'LeadRouting1796182000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "routing_rule" ("id" uuid NOT NULL, "name" text NOT NULL, "position" integer NOT NULL, "countries" text array NOT NULL DEFAULT '{}', "industries" text array NOT NULL DEFAULT '{}', "sources" text array NOT NULL DEFAULT '{}', "owner_ids" uuid array NOT NULL DEFAULT '{}', "team_id" uuid, "assigned" integer NOT NULL DEFAULT '0', "active" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b402e9e6a4d11fbd58e076daa2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "routing_rule_position_idx" ON "routing_rule"  ("position", "id") ');
    await queryRunner.query(
      'CREATE TABLE "sales_user" ("id" uuid NOT NULL, "active" boolean NOT NULL, CONSTRAINT "PK_5f282f3656814ec9ca2675aef6f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "sales_team" ("id" uuid NOT NULL, CONSTRAINT "PK_1e9e7942d6a97ae2996229a9d8c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "sales_team_member" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_330c429bf2cd4fee2e2631c03c9" PRIMARY KEY ("team_id", "user_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "sales_team_member"');
    await queryRunner.query('DROP TABLE "sales_team"');
    await queryRunner.query('DROP TABLE "sales_user"');
    await queryRunner.query('DROP INDEX "public"."routing_rule_position_idx"');
    await queryRunner.query('DROP TABLE "routing_rule"');
  }
}
