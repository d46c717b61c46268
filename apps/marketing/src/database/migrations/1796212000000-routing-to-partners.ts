import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A routing rule may hand its leads to the partner channel, with the region partners match a country-less lead by. */
export class RoutingToPartners1796212000000 implements MigrationInterface {
  name = 'RoutingToPartners1796212000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "routing_rule" ADD "to_partners" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "routing_rule" ADD "partner_region" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "routing_rule" DROP COLUMN "partner_region"`);
    await queryRunner.query(`ALTER TABLE "routing_rule" DROP COLUMN "to_partners"`);
  }
}
