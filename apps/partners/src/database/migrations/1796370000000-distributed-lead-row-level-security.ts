import { disablePartnerRls, partnerPolicyName } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const SETTING = `current_setting('app.partner_id', true)`;
/** The lead was offered to the transaction's partner (in whatever state that offer is now). */
const OFFERED_TO_CALLER = `EXISTS (SELECT 1 FROM lead_offer o WHERE o.lead_id = distributed_lead.lead_id AND o.partner_id::text = ${SETTING})`;

/**
 * Row-level security on distributed_lead, the last partners table with partner rows that lacked
 * it: a partner reads a routed lead through its offers (company, country... before it accepts), so
 * the policy admits the leads offered to the transaction's partner and the one it accepted, not
 * only rows whose partner_id is its own (that column is null until someone accepts). A partner may
 * write only what accepting or declining its own offer writes: the lead stays unassigned or
 * becomes its own, never another partner's. `*` (internal callers) sees every row; no scope sees
 * nothing, as enablePartnerRls does.
 *
 * The other tables with a partner column stay without it on purpose: protected_domain and
 * open_opportunity are read across partners by the registration conflict check, in the
 * registering partner's transaction, and no API returns their rows to a partner.
 */
export class DistributedLeadRowLevelSecurity1796370000000 implements MigrationInterface {
  name = 'DistributedLeadRowLevelSecurity1796370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "distributed_lead" ENABLE ROW LEVEL SECURITY');
    await queryRunner.query('ALTER TABLE "distributed_lead" FORCE ROW LEVEL SECURITY');
    // Compared as text, as enablePartnerRls does: the setting may be '*' or empty, which no uuid cast accepts.
    await queryRunner.query(
      `CREATE POLICY "${partnerPolicyName('distributed_lead')}" ON "distributed_lead"
       USING (${SETTING} = '*' OR partner_id::text = ${SETTING} OR ${OFFERED_TO_CALLER})
       WITH CHECK (${SETTING} = '*' OR ((partner_id IS NULL OR partner_id::text = ${SETTING}) AND ${OFFERED_TO_CALLER}))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'distributed_lead');
  }
}
