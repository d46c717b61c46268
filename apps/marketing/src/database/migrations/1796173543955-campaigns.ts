import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Campaigns1796173543955 implements MigrationInterface {
  name = 'Campaigns1796173543955';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "campaign" ("id" uuid NOT NULL, "name" text NOT NULL, "type" text NOT NULL, "status" text NOT NULL, "start_date" date, "end_date" date, "budget_amount" numeric(19,4), "budget_currency" character(3), "actual_cost_amount" numeric(19,4), "actual_cost_currency" character(3), "parent_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0ce34d26e7f2eb316a3a592cdc4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "campaign_parent_idx" ON "campaign"  ("parent_id") ');
    await queryRunner.query('CREATE INDEX "campaign_created_idx" ON "campaign"  ("created_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "campaign_member" ("campaign_id" uuid NOT NULL, "person_id" uuid NOT NULL, "person_kind" text NOT NULL, "email" text NOT NULL, "name" text, "company" text, "customer_id" uuid, "status" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a212aadbf82dba66438453e454b" PRIMARY KEY ("campaign_id", "person_id"))',
    );
    await queryRunner.query('CREATE INDEX "campaign_member_page_idx" ON "campaign_member"  ("campaign_id", "added_at", "person_id") ');
    await queryRunner.query(
      'ALTER TABLE "campaign" ADD CONSTRAINT "FK_419da710f25a084e13a35f119e7" FOREIGN KEY ("parent_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_member" ADD CONSTRAINT "FK_4821d8910fe2395cfd164289013" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "campaign_member" DROP CONSTRAINT "FK_4821d8910fe2395cfd164289013"');
    await queryRunner.query('ALTER TABLE "campaign" DROP CONSTRAINT "FK_419da710f25a084e13a35f119e7"');
    await queryRunner.query('DROP INDEX "public"."campaign_member_page_idx"');
    await queryRunner.query('DROP TABLE "campaign_member"');
    await queryRunner.query('DROP INDEX "public"."campaign_created_idx"');
    await queryRunner.query('DROP INDEX "public"."campaign_parent_idx"');
    await queryRunner.query('DROP TABLE "campaign"');
  }
}
