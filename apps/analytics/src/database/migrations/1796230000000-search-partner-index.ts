import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partner's search starts from its own documents (a few thousand deals at most) rather than from
 * the whole index's matches, which would be filtered by row-level security one by one: an index on
 * `partner_id` is what finds them (its `=` is leakproof, so Postgres uses it under row-level security).
 */
export class SearchPartnerIndex1796230000000 implements MigrationInterface {
  name = 'SearchPartnerIndex1796230000000';

  async up(q: QueryRunner): Promise<void> {
    // (type, id) too: an index-only scan, since the partner policy reads nothing else of the row.
    await q.query('CREATE INDEX search_document_partner_idx ON search_document (partner_id, type, id) WHERE partner_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX search_document_partner_idx');
  }
}
