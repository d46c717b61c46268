import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partners see only themselves and their own customer links, whatever SQL runs (row-level security). */
export class PartnerRowLevelSecurity1795500000000 implements MigrationInterface {
  name = 'PartnerRowLevelSecurity1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await enablePartnerRls(queryRunner, 'partner', 'id');
    await enablePartnerRls(queryRunner, 'partner_customer_link', 'partner_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'partner_customer_link');
    await disablePartnerRls(queryRunner, 'partner');
  }
}
