import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerProfileContactPointsActivities1795457440149 implements MigrationInterface {
  name = 'CustomerProfileContactPointsActivities1795457440149';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "activity" ("id" uuid NOT NULL, "type" text NOT NULL, "subject" text NOT NULL, "notes" text, "customer_id" uuid NOT NULL, "contact_id" uuid, "opportunity_id" uuid, "owner_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE, "remind_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by" uuid, "created_by" uuid, "follow_up_window" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "activity_reminder_check" CHECK ("remind_at" IS NULL OR "due_at" IS NULL OR "remind_at" <= "due_at"), CONSTRAINT "activity_type_check" CHECK ("type" IN (\'TASK\', \'CALL\', \'MEETING\', \'EMAIL\')), CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "activity_follow_up_key" ON "activity"  ("customer_id", "follow_up_window") WHERE "follow_up_window" IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX "activity_due_idx" ON "activity"  ("due_at", "id") ');
    await queryRunner.query(
      'CREATE INDEX "activity_open_reminder_idx" ON "activity"  ("remind_at") WHERE "completed_at" IS NULL AND "remind_at" IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX "activity_created_idx" ON "activity"  ("created_at", "id") ');
    await queryRunner.query('CREATE INDEX "activity_owner_idx" ON "activity"  ("owner_id", "completed_at") ');
    await queryRunner.query('CREATE INDEX "activity_opportunity_idx" ON "activity"  ("opportunity_id") ');
    await queryRunner.query('CREATE INDEX "activity_contact_idx" ON "activity"  ("contact_id") ');
    await queryRunner.query('CREATE INDEX "activity_customer_idx" ON "activity"  ("customer_id", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "contact_email" ("contact_id" uuid NOT NULL, "address" text NOT NULL, "type" text NOT NULL, "is_primary" boolean NOT NULL, "position" smallint NOT NULL, CONSTRAINT "contact_email_type_check" CHECK ("type" IN (\'WORK\', \'HOME\', \'MOBILE\', \'OTHER\')), CONSTRAINT "PK_a1588057647e736168797c5b325" PRIMARY KEY ("contact_id", "address"))',
    );
    await queryRunner.query('CREATE INDEX "contact_email_address_idx" ON "contact_email"  ("address") ');
    await queryRunner.query('CREATE UNIQUE INDEX "contact_email_primary_key" ON "contact_email"  ("contact_id") WHERE "is_primary"');
    await queryRunner.query(
      'CREATE TABLE "contact_phone" ("contact_id" uuid NOT NULL, "number" text NOT NULL, "type" text NOT NULL, "is_primary" boolean NOT NULL, "position" smallint NOT NULL, CONSTRAINT "contact_phone_type_check" CHECK ("type" IN (\'WORK\', \'HOME\', \'MOBILE\', \'OTHER\')), CONSTRAINT "PK_b879878e541a3d74cac8463bfaf" PRIMARY KEY ("contact_id", "number"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "contact_phone_primary_key" ON "contact_phone"  ("contact_id") WHERE "is_primary"');
    await queryRunner.query('ALTER TABLE "contact" ADD "role" text');
    await queryRunner.query('ALTER TABLE "contact" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()');
    await queryRunner.query('ALTER TABLE "customer" ADD "industry" text');
    await queryRunner.query('ALTER TABLE "customer" ADD "size" text');
    await queryRunner.query('ALTER TABLE "customer" ADD "website" text');
    await queryRunner.query('ALTER TABLE "customer" ADD "lifecycle_stage" text NOT NULL DEFAULT \'PROSPECT\'');
    await queryRunner.query('CREATE INDEX "customer_industry_idx" ON "customer"  ("industry") ');
    await queryRunner.query('CREATE INDEX "customer_lifecycle_stage_idx" ON "customer"  ("lifecycle_stage") ');
    await queryRunner.query('CREATE INDEX "customer_updated_idx" ON "customer"  ("updated_at", "id") ');
    await queryRunner.query(
      "ALTER TABLE \"customer\" ADD CONSTRAINT \"customer_lifecycle_stage_check\" CHECK (\"lifecycle_stage\" IN ('LEAD', 'PROSPECT', 'CUSTOMER', 'CHURNED'))",
    );
    await queryRunner.query(
      "ALTER TABLE \"customer\" ADD CONSTRAINT \"customer_size_check\" CHECK (\"size\" IN ('MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE'))",
    );
    await queryRunner.query(
      'ALTER TABLE "activity" ADD CONSTRAINT "FK_4dbb6c9f72a010b1233f0316d6b" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "activity" ADD CONSTRAINT "FK_7b5a669cf5cd63bd8853c5e5674" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "activity" ADD CONSTRAINT "FK_7dda31cc083779c3af9b5c524c8" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "contact_email" ADD CONSTRAINT "FK_1a3d157f80c38243c7a9c16b387" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "contact_phone" ADD CONSTRAINT "FK_1158dfef6e7d0650a254b07e172" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Existing contacts keep their one email and phone, as the primary WORK entry.
    await queryRunner.query(
      'INSERT INTO "contact_email" ("contact_id", "address", "type", "is_primary", "position") SELECT "id", "email", \'WORK\', true, 0 FROM "contact" WHERE "email" IS NOT NULL',
    );
    await queryRunner.query(
      'INSERT INTO "contact_phone" ("contact_id", "number", "type", "is_primary", "position") SELECT "id", "phone", \'WORK\', true, 0 FROM "contact" WHERE "phone" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contact_phone" DROP CONSTRAINT "FK_1158dfef6e7d0650a254b07e172"');
    await queryRunner.query('ALTER TABLE "contact_email" DROP CONSTRAINT "FK_1a3d157f80c38243c7a9c16b387"');
    await queryRunner.query('ALTER TABLE "activity" DROP CONSTRAINT "FK_7dda31cc083779c3af9b5c524c8"');
    await queryRunner.query('ALTER TABLE "activity" DROP CONSTRAINT "FK_7b5a669cf5cd63bd8853c5e5674"');
    await queryRunner.query('ALTER TABLE "activity" DROP CONSTRAINT "FK_4dbb6c9f72a010b1233f0316d6b"');
    await queryRunner.query('ALTER TABLE "customer" DROP CONSTRAINT "customer_size_check"');
    await queryRunner.query('ALTER TABLE "customer" DROP CONSTRAINT "customer_lifecycle_stage_check"');
    await queryRunner.query('DROP INDEX "public"."customer_updated_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_lifecycle_stage_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_industry_idx"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "lifecycle_stage"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "website"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "size"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "industry"');
    await queryRunner.query('ALTER TABLE "contact" DROP COLUMN "updated_at"');
    await queryRunner.query('ALTER TABLE "contact" DROP COLUMN "role"');
    await queryRunner.query('DROP INDEX "public"."contact_phone_primary_key"');
    await queryRunner.query('DROP TABLE "contact_phone"');
    await queryRunner.query('DROP INDEX "public"."contact_email_primary_key"');
    await queryRunner.query('DROP INDEX "public"."contact_email_address_idx"');
    await queryRunner.query('DROP TABLE "contact_email"');
    await queryRunner.query('DROP INDEX "public"."activity_customer_idx"');
    await queryRunner.query('DROP INDEX "public"."activity_contact_idx"');
    await queryRunner.query('DROP INDEX "public"."activity_opportunity_idx"');
    await queryRunner.query('DROP INDEX "public"."activity_owner_idx"');
    await queryRunner.query('DROP INDEX "public"."activity_created_idx"');
    await queryRunner.query('DROP INDEX "public"."activity_open_reminder_idx"');
    await queryRunner.query('DROP INDEX "public"."activity_due_idx"');
    await queryRunner.query('DROP INDEX "public"."activity_follow_up_key"');
    await queryRunner.query('DROP TABLE "activity"');
  }
}
