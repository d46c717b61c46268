import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A partner sees and writes only the opportunities registered by it, whatever SQL runs (row-level security). */
export class OpportunityRowLevelSecurity1795457280439 implements MigrationInterface {
  name = 'OpportunityRowLevelSecurity1795457280439';

  async up(queryRunner: QueryRunner): Promise<void> {
    await enablePartnerRls(queryRunner, 'opportunity', 'partner_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'opportunity');
  }
}
