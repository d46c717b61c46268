import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadScoring1796181000000 implements MigrationInterface {
  name = 'LeadScoring1796181000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "scoring_rule" ("id" uuid NOT NULL, "name" text NOT NULL, "attribute" text, "values" text array NOT NULL DEFAULT '{}', "min_employees" integer, "max_employees" integer, "signal" text, "points" integer NOT NULL, "active" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_047d9ae12271e9c1a2900673d4a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "scoring_rule_created_idx" ON "scoring_rule"  ("created_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "lead_score" ("lead_id" uuid NOT NULL, "fit" integer NOT NULL, "engagement" double precision NOT NULL, "engagement_at" TIMESTAMP WITH TIME ZONE NOT NULL, "score" integer NOT NULL, "qualified_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_02c1df167c4f738c51724451180" PRIMARY KEY ("lead_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "lead_score_change" ("id" uuid NOT NULL, "lead_id" uuid NOT NULL, "rule_id" uuid, "reason" text NOT NULL, "points" integer NOT NULL, "score_after" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_53ab96b4f61e2f74693a7e51b8b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "lead_score_change_lead_idx" ON "lead_score_change"  ("lead_id", "occurred_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."lead_score_change_lead_idx"');
    await queryRunner.query('DROP TABLE "lead_score_change"');
    await queryRunner.query('DROP TABLE "lead_score"');
    await queryRunner.query('DROP INDEX "public"."scoring_rule_created_idx"');
    await queryRunner.query('DROP TABLE "scoring_rule"');
  }
}
