import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partner indexes the scorecard reads now carry what it counts and sums (INCLUDE), so a page
 * of scorecards is read from the indexes alone (index-only scans, a few pages per partner)
 * instead of one heap page per opportunity, commission, registration and offer, which the bench
 * at 300,000 opportunities showed to be nearly all of its time. Same names and keys as before,
 * so the keyset lists that use them keep their order. Written by hand: TypeORM cannot declare
 * INCLUDE, so the entities mark these indexes `synchronize: false`.
 */
const INDEXES = [
  ['open_opportunity_partner_idx', 'open_opportunity', '"partner_id", "status", "closed_at"', '"currency", "amount"'],
  ['commission_partner_idx', 'commission', '"partner_id", "accrued_at", "id"', '"status", "currency", "amount"'],
  ['deal_registration_partner_idx', 'deal_registration', '"partner_id", "submitted_at", "id"', '"status"'],
  ['lead_offer_partner_idx', 'lead_offer', '"partner_id", "offered_at", "id"', '"status", "decided_at"'],
] as const;

export class ScorecardCoveringIndexes1796360000000 implements MigrationInterface {
  name = 'ScorecardCoveringIndexes1796360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [index, table, keys, included] of INDEXES) {
      await queryRunner.query(`DROP INDEX "${index}"`);
      await queryRunner.query(`CREATE INDEX "${index}" ON "${table}" (${keys}) INCLUDE (${included})`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [index, table, keys] of INDEXES) {
      await queryRunner.query(`DROP INDEX "${index}"`);
      await queryRunner.query(`CREATE INDEX "${index}" ON "${table}" (${keys})`);
    }
  }
}
