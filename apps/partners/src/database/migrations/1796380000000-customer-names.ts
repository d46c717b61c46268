import { disablePartnerRls, partnerPolicyName } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const SETTING = `current_setting('app.partner_id', true)`;

/**
 * customer_name: sales' customer names from their events, shown to a partner on its customer
 * links. The table has no partner column, so its policy admits a partner to the names of the
 * customers it is linked to (the links' own policy narrows the subquery to the caller's links), and
 * only internal callers (`*`, the consumer) write. No scope sees nothing, as enablePartnerRls does.
 */
export class CustomerNames1796380000000 implements MigrationInterface {
  name = 'CustomerNames1796380000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "customer_name" ("customer_id" uuid NOT NULL, "name" text NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_customer_name" PRIMARY KEY ("customer_id"))',
    );
    await queryRunner.query('ALTER TABLE "customer_name" ENABLE ROW LEVEL SECURITY');
    await queryRunner.query('ALTER TABLE "customer_name" FORCE ROW LEVEL SECURITY');
    // Compared as text, as enablePartnerRls does: the setting may be '*' or empty, which no uuid cast accepts.
    await queryRunner.query(
      `CREATE POLICY "${partnerPolicyName('customer_name')}" ON "customer_name"
       USING (${SETTING} = '*' OR EXISTS (
         SELECT 1 FROM partner_customer_link l WHERE l.customer_id = customer_name.customer_id AND l.partner_id::text = ${SETTING}))
       WITH CHECK (${SETTING} = '*')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'customer_name');
    await queryRunner.query('DROP TABLE "customer_name"');
  }
}
