import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partner's search finds the customers it is linked to, besides its own record and deals.
 *
 * A customer may be linked to several partners, so the link cannot be the document's one
 * `partner_id`: `search_partner_customer` holds the links (from partners' linked and unlinked
 * events), with partner row-level security of its own, and a second permissive policy on
 * `search_document` lets a partner read a CUSTOMER document it has a link to. Permissive policies
 * add up (either lets a row through); the restrictive customer-scope policy still holds over both.
 * Reading only: nothing a partner's transaction writes goes through this policy.
 *
 * Links made before this migration reach the index when the search consumer group is replayed.
 */
export class SearchPartnerCustomers1796234100000 implements MigrationInterface {
  name = 'SearchPartnerCustomers1796234100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE search_partner_customer (
      partner_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      PRIMARY KEY (partner_id, customer_id))`);
    // A merge moves a customer's links; the policy below probes by customer.
    await q.query('CREATE INDEX search_partner_customer_customer_idx ON search_partner_customer (customer_id)');
    await enablePartnerRls(q, 'search_partner_customer', 'partner_id');
    await q.query(`CREATE POLICY search_document_linked_customer ON search_document FOR SELECT
      USING (type = 'CUSTOMER' AND EXISTS (
        SELECT 1 FROM search_partner_customer l
        WHERE l.customer_id = search_document.id AND l.partner_id::text = current_setting('app.partner_id', true)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP POLICY search_document_linked_customer ON search_document');
    await disablePartnerRls(q, 'search_partner_customer');
    await q.query('DROP TABLE search_partner_customer');
  }
}
