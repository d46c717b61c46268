import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Opportunities1795452585176 implements MigrationInterface {
  name = 'Opportunities1795452585176';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "pipeline_stage" ("id" uuid NOT NULL, "pipeline_id" uuid NOT NULL, "name" text NOT NULL, "position" integer NOT NULL, "probability" integer NOT NULL, "forecast_category" text NOT NULL, "outcome" text NOT NULL, CONSTRAINT "pipeline_stage_forecast_category_check" CHECK ("forecast_category" IN (\'PIPELINE\', \'BEST_CASE\', \'COMMIT\', \'CLOSED\', \'OMITTED\')), CONSTRAINT "pipeline_stage_outcome_check" CHECK ("outcome" IN (\'OPEN\', \'WON\', \'LOST\')), CONSTRAINT "pipeline_stage_probability_check" CHECK ("probability" BETWEEN 0 AND 100), CONSTRAINT "PK_1d98a4c60c2cf5e2bc816a3e54d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "pipeline_stage_name_key" ON "pipeline_stage"  ("pipeline_id", "name") ');
    await queryRunner.query('CREATE INDEX "pipeline_stage_order_idx" ON "pipeline_stage"  ("pipeline_id", "position") ');
    await queryRunner.query(
      'CREATE TABLE "pipeline" ("id" uuid NOT NULL, "name" text NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_df8aedd50509192d995535d68cd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "pipeline_name_key" ON "pipeline"  ("name") ');
    await queryRunner.query(
      'CREATE TABLE "opportunity_contact" ("opportunity_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "role" text NOT NULL, CONSTRAINT "PK_6b2614c5fa03521564bad39321d" PRIMARY KEY ("opportunity_id", "contact_id"))',
    );
    await queryRunner.query('CREATE INDEX "opportunity_contact_contact_idx" ON "opportunity_contact"  ("contact_id") ');
    await queryRunner.query(
      'CREATE TABLE "opportunity_stage_change" ("seq" BIGSERIAL NOT NULL, "opportunity_id" uuid NOT NULL, "from_stage_id" uuid, "to_stage_id" uuid NOT NULL, "from_status" text, "to_status" text NOT NULL, "changed_by" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6d1f20b3ec5b045093ca4f46ee1" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query(
      'CREATE INDEX "opportunity_stage_change_opportunity_idx" ON "opportunity_stage_change"  ("opportunity_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "opportunity" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "name" text NOT NULL, "amount" numeric(19,4) NOT NULL, "currency" character(3) NOT NULL, "close_date" date NOT NULL, "owner_id" uuid, "partner_id" uuid, "pipeline_id" uuid NOT NULL, "stage_id" uuid NOT NULL, "status" text NOT NULL, "close_reason" text, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "opportunity_status_check" CHECK ("status" IN (\'OPEN\', \'WON\', \'LOST\')), CONSTRAINT "opportunity_amount_check" CHECK ("amount" >= 0), CONSTRAINT "PK_085fd6d6f4765325e6c16163568" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "opportunity_partner_idx" ON "opportunity"  ("partner_id") ');
    await queryRunner.query('CREATE INDEX "opportunity_closed_at_idx" ON "opportunity"  ("closed_at") ');
    await queryRunner.query('CREATE INDEX "opportunity_stage_idx" ON "opportunity"  ("stage_id") ');
    await queryRunner.query('CREATE INDEX "opportunity_owner_idx" ON "opportunity"  ("owner_id", "status") ');
    await queryRunner.query('CREATE INDEX "opportunity_close_date_idx" ON "opportunity"  ("close_date", "id") ');
    await queryRunner.query('CREATE INDEX "opportunity_amount_idx" ON "opportunity"  ("amount", "id") ');
    await queryRunner.query('CREATE INDEX "opportunity_created_idx" ON "opportunity"  ("created_at", "id") ');
    await queryRunner.query('CREATE INDEX "opportunity_customer_idx" ON "opportunity"  ("customer_id", "created_at") ');
    await queryRunner.query(
      'ALTER TABLE "pipeline_stage" ADD CONSTRAINT "FK_c2ae136a5386adb1cec01e1019a" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunity_contact" ADD CONSTRAINT "FK_76221d59c8e4d304b74240f25a5" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunity_contact" ADD CONSTRAINT "FK_d0334522ab741d96ba88c2c831b" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunity_stage_change" ADD CONSTRAINT "FK_70af96008c3639abfc299f0afe1" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunity" ADD CONSTRAINT "FK_88f4c500e4361c525e88960666c" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunity" ADD CONSTRAINT "FK_715a5e9d4f754c6438aba81a001" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunity" ADD CONSTRAINT "FK_3b0a5c967ecb104a80a14fe95cb" FOREIGN KEY ("stage_id") REFERENCES "pipeline_stage"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // The two pipelines every installation starts with; fixed ids so environments agree.
    await queryRunner.query(
      `INSERT INTO "pipeline" ("id", "name", "position") VALUES
         ('0a7f0000-0000-4000-8000-000000000001', 'New business', 0),
         ('0a7f0000-0000-4000-8000-000000000002', 'Renewals', 1)`,
    );
    await queryRunner.query(
      `INSERT INTO "pipeline_stage" ("id", "pipeline_id", "name", "position", "probability", "forecast_category", "outcome") VALUES
         ('0a7f0000-0000-4000-8001-000000000001', '0a7f0000-0000-4000-8000-000000000001', 'Prospecting', 0, 10, 'PIPELINE', 'OPEN'),
         ('0a7f0000-0000-4000-8001-000000000002', '0a7f0000-0000-4000-8000-000000000001', 'Qualification', 1, 20, 'PIPELINE', 'OPEN'),
         ('0a7f0000-0000-4000-8001-000000000003', '0a7f0000-0000-4000-8000-000000000001', 'Proposal', 2, 50, 'BEST_CASE', 'OPEN'),
         ('0a7f0000-0000-4000-8001-000000000004', '0a7f0000-0000-4000-8000-000000000001', 'Negotiation', 3, 80, 'COMMIT', 'OPEN'),
         ('0a7f0000-0000-4000-8001-000000000005', '0a7f0000-0000-4000-8000-000000000001', 'Closed won', 4, 100, 'CLOSED', 'WON'),
         ('0a7f0000-0000-4000-8001-000000000006', '0a7f0000-0000-4000-8000-000000000001', 'Closed lost', 5, 0, 'OMITTED', 'LOST'),
         ('0a7f0000-0000-4000-8002-000000000001', '0a7f0000-0000-4000-8000-000000000002', 'Renewal due', 0, 60, 'PIPELINE', 'OPEN'),
         ('0a7f0000-0000-4000-8002-000000000002', '0a7f0000-0000-4000-8000-000000000002', 'In negotiation', 1, 80, 'BEST_CASE', 'OPEN'),
         ('0a7f0000-0000-4000-8002-000000000003', '0a7f0000-0000-4000-8000-000000000002', 'Verbal commit', 2, 90, 'COMMIT', 'OPEN'),
         ('0a7f0000-0000-4000-8002-000000000004', '0a7f0000-0000-4000-8000-000000000002', 'Renewed', 3, 100, 'CLOSED', 'WON'),
         ('0a7f0000-0000-4000-8002-000000000005', '0a7f0000-0000-4000-8000-000000000002', 'Churned', 4, 0, 'OMITTED', 'LOST')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunity" DROP CONSTRAINT "FK_3b0a5c967ecb104a80a14fe95cb"');
    await queryRunner.query('ALTER TABLE "opportunity" DROP CONSTRAINT "FK_715a5e9d4f754c6438aba81a001"');
    await queryRunner.query('ALTER TABLE "opportunity" DROP CONSTRAINT "FK_88f4c500e4361c525e88960666c"');
    await queryRunner.query('ALTER TABLE "opportunity_stage_change" DROP CONSTRAINT "FK_70af96008c3639abfc299f0afe1"');
    await queryRunner.query('ALTER TABLE "opportunity_contact" DROP CONSTRAINT "FK_d0334522ab741d96ba88c2c831b"');
    await queryRunner.query('ALTER TABLE "opportunity_contact" DROP CONSTRAINT "FK_76221d59c8e4d304b74240f25a5"');
    await queryRunner.query('ALTER TABLE "pipeline_stage" DROP CONSTRAINT "FK_c2ae136a5386adb1cec01e1019a"');
    await queryRunner.query('DROP INDEX "public"."opportunity_customer_idx"');
    await queryRunner.query('DROP INDEX "public"."opportunity_created_idx"');
    await queryRunner.query('DROP INDEX "public"."opportunity_amount_idx"');
    await queryRunner.query('DROP INDEX "public"."opportunity_close_date_idx"');
    await queryRunner.query('DROP INDEX "public"."opportunity_owner_idx"');
    await queryRunner.query('DROP INDEX "public"."opportunity_stage_idx"');
    await queryRunner.query('DROP INDEX "public"."opportunity_closed_at_idx"');
    await queryRunner.query('DROP INDEX "public"."opportunity_partner_idx"');
    await queryRunner.query('DROP TABLE "opportunity"');
    await queryRunner.query('DROP INDEX "public"."opportunity_stage_change_opportunity_idx"');
    await queryRunner.query('DROP TABLE "opportunity_stage_change"');
    await queryRunner.query('DROP INDEX "public"."opportunity_contact_contact_idx"');
    await queryRunner.query('DROP TABLE "opportunity_contact"');
    await queryRunner.query('DROP INDEX "public"."pipeline_name_key"');
    await queryRunner.query('DROP TABLE "pipeline"');
    await queryRunner.query('DROP INDEX "public"."pipeline_stage_order_idx"');
    await queryRunner.query('DROP INDEX "public"."pipeline_stage_name_key"');
    await queryRunner.query('DROP TABLE "pipeline_stage"');
  }
}
