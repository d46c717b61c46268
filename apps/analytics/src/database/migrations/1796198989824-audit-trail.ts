import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail: one row per field an event changed, keyed by the event, newest first per record, per user and overall. */
export class AuditTrail1796198989824 implements MigrationInterface {
  name = 'AuditTrail1796198989824';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_entry" ("event_id" uuid NOT NULL, "seq" integer NOT NULL, "record_type" text NOT NULL, "record_id" uuid NOT NULL, "field" text NOT NULL, "old_value" jsonb NOT NULL, "new_value" jsonb NOT NULL, "changed_by" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_37adb91782408ea016b1bd2058b" PRIMARY KEY ("event_id", "seq"))',
    );
    await queryRunner.query('CREATE INDEX "audit_entry_time_idx" ON "audit_entry"  ("changed_at", "event_id", "seq") ');
    await queryRunner.query('CREATE INDEX "audit_entry_user_idx" ON "audit_entry"  ("changed_by", "changed_at", "event_id", "seq") ');
    await queryRunner.query('CREATE INDEX "audit_entry_record_idx" ON "audit_entry"  ("record_id", "changed_at", "event_id", "seq") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."audit_entry_record_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_entry_user_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_entry_time_idx"');
    await queryRunner.query('DROP TABLE "audit_entry"');
  }
}
