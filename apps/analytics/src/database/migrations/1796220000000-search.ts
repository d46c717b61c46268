import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search across everything: one document per customer, contact, lead, opportunity, case, partner
 * and knowledge article, kept from their owners' events.
 *
 * `search_document` is what a hit is: the record's title and searchable fields, and the partner
 * and customer that scope it. Scopes are in the table: partner row-level security on
 * `partner_id` (the partner's own record and its deals; every other document has none and only
 * internal callers see it), and a restrictive policy that lets a customer-scoped transaction (a
 * portal contact) see nothing: search is not in the portal's contract, and the table says so too.
 *
 * `search_term` is its index, derived from the document: the weighted full-text vector (A the
 * title, B emails and domains, C the rest), the lower-cased emails and domains an exact query must
 * find first, and the title with a trigram index for typos. A table apart because under row-level
 * security Postgres uses an index only for leakproof operators, and `@@`, `@>` and `<%` are not:
 * on the guarded table every search would read every row. A query finds candidates here and keeps
 * those whose document the caller's row-level security lets through (a join by primary key, whose
 * `=` is leakproof); the terms alone name no partner or customer and are never answered.
 *
 * `pg_trgm` is a trusted extension (Postgres 13 on): the service's own role may create it.
 */
export class Search1796220000000 implements MigrationInterface {
  name = 'Search1796220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(`CREATE TABLE search_document (
      type text NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL,
      fields jsonb NOT NULL,
      partner_id uuid,
      customer_id uuid,
      hidden boolean NOT NULL DEFAULT false,
      changed_at timestamptz NOT NULL,
      PRIMARY KEY (type, id))`);
    // A customer's records, moved by a merge or summed up on the customer's document.
    await q.query('CREATE INDEX search_document_customer_idx ON search_document (customer_id, type)');
    await enablePartnerRls(q, 'search_document', 'partner_id');
    await q.query(`CREATE POLICY search_document_no_customer_scope ON search_document AS RESTRICTIVE
      USING (current_setting('app.customer_id', true) = '*') WITH CHECK (current_setting('app.customer_id', true) = '*')`);
    await q.query(`CREATE TABLE search_term (
      type text NOT NULL,
      id uuid NOT NULL,
      title text NOT NULL,
      keys text[] NOT NULL,
      document tsvector NOT NULL,
      PRIMARY KEY (type, id))`);
    await q.query('CREATE INDEX search_term_keys_idx ON search_term USING gin (keys)');
    await q.query('CREATE INDEX search_term_document_idx ON search_term USING gin (document)');
    await q.query('CREATE INDEX search_term_title_trgm_idx ON search_term USING gin (title gin_trgm_ops)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE search_term');
    await q.query('DROP POLICY search_document_no_customer_scope ON search_document');
    await disablePartnerRls(q, 'search_document');
    await q.query('DROP TABLE search_document');
  }
}
