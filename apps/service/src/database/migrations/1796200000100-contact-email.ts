import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where survey links are mailed: each contact's primary email, from sales' contact events. */
export class ContactEmail1796200000100 implements MigrationInterface {
  name = 'ContactEmail1796200000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "contact_email" ("contact_id" uuid NOT NULL, "email" text, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1a3d157f80c38243c7a9c16b387" PRIMARY KEY ("contact_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "contact_email"');
  }
}
