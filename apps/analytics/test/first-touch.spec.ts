import { randomUUID } from 'node:crypto';
import { SYSTEM_IDENTITY } from '@crm/auth';
import { runMigrations, Transaction } from '@crm/database';
import { chunkScope } from '@crm/events';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { FirstTouchRepository, type FirstTouchKey } from '../src/warehouse/first-touch.repository';

/**
 * Two warehouse chunks on two partitions write the same journey at once (a touch in one, the deal or
 * the lead's conversion in the other). Each refresh reads only what is committed, so the one that
 * commits second must read after the first committed, or the deal keeps no campaign.
 */
describe('first touches kept by the warehouse, with chunks committing at once', () => {
  let db: TestDatabase;
  const repo = new FirstTouchRepository();

  beforeAll(async () => {
    db = await createTestDatabase({
      template: analyticsSubgraph.name,
      migrate: async (url) => void (await runMigrations(analyticsSubgraph.dataSource(url))),
    });
  });
  afterAll(() => db?.drop());

  /** A chunk's transaction on a connection of its own. */
  async function chunk() {
    const client = new Client({ connectionString: db.adminUrl });
    await client.connect();
    await client.query('BEGIN');
    const manager = {
      query: async (text: string, params?: unknown[]): Promise<unknown[]> => (await client.query(text, params)).rows as unknown[],
    };
    const tx = new Transaction(manager as unknown as EntityManager, SYSTEM_IDENTITY);
    return {
      sql: (text: string, params: readonly unknown[]) => client.query(text, [...params]),
      /** The chunk's end: what its facts moved is refreshed. */
      refresh: async (...keys: FirstTouchKey[]) => {
        const scope = chunkScope();
        for (const key of keys) repo.moved(tx, scope, key);
        await scope.flush();
      },
      commit: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  }

  /** A new open deal of the customer's: its first stage transition and its snapshot, as the consumer writes them. */
  const dealFor = (opportunityId: string, customerId: string) =>
    [
      `WITH stage AS (
         INSERT INTO warehouse.fact_opportunity_stage (event_id, seq, opportunity_id, customer_id, to_stage_id, to_status, amount, currency,
           changed_at, date_key)
         VALUES (gen_random_uuid(), 0, $1, $2, gen_random_uuid(), 'OPEN', 100, 'EUR', '2024-02-01T09:00Z', '2024-02-01'))
       INSERT INTO warehouse.fact_opportunity_snapshot (opportunity_id, customer_id, name, pipeline_id, stage_id, status, amount, currency,
         close_date, as_of)
       VALUES ($1, $2, 'Deal', gen_random_uuid(), gen_random_uuid(), 'OPEN', 100, 'EUR', '2024-06-30', '2024-02-01T09:00Z')`,
      [opportunityId, customerId],
    ] as const;
  const campaignOf = async (opportunityId: string) => {
    const c = new Client({ connectionString: db.adminUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ campaign_id: string | null }>(
        'SELECT campaign_id FROM warehouse.opportunity_first_touch WHERE opportunity_id = $1',
        [opportunityId],
      );
      return rows.map((r) => r.campaign_id);
    } finally {
      await c.end();
    }
  };

  it("credits a customer's touch written beside its new deal, whichever refresh runs first", async () => {
    const [customer, opportunity, campaign] = [randomUUID(), randomUUID(), randomUUID()];
    const [touch, deal] = [await chunk(), await chunk()];
    await touch.sql(
      `INSERT INTO warehouse.fact_campaign_member (campaign_id, person_id, person_kind, customer_id, status, added_at, changed_at)
       VALUES ($1, $2, 'CONTACT', $3, 'SENT', '2024-01-01T09:00Z', '2024-01-01T09:00Z')`,
      [campaign, randomUUID(), customer],
    );
    await deal.sql(...dealFor(opportunity, customer));
    // Neither sees the other's fact yet: the touch's refresh finds no deal of the customer's.
    await touch.refresh({ customerId: customer });
    const dealRefreshed = deal.refresh({ opportunityId: opportunity });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await touch.commit();
    await dealRefreshed;
    await deal.commit();
    expect(await campaignOf(opportunity)).toEqual([campaign]);
  });

  it("credits an anonymous lead's touch written beside the lead's conversion", async () => {
    const [customer, lead, opportunity, campaign] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const setup = await chunk();
    await setup.sql(...dealFor(opportunity, customer));
    await setup.refresh({ opportunityId: opportunity });
    await setup.commit();
    expect(await campaignOf(opportunity)).toEqual([null]);

    const [touch, conversion] = [await chunk(), await chunk()];
    await touch.sql(
      `INSERT INTO warehouse.fact_form_submission (submission_id, form_id, form_name, lead_id, customer_id, campaign_id, is_new_lead, score_points, submitted_at, date_key)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'Newsletter', $1, NULL, $2, true, 5, '2024-01-01T09:00Z', '2024-01-01')`,
      [lead, campaign],
    );
    await conversion.sql(
      `INSERT INTO warehouse.lead_conversion (lead_id, customer_id, converted_at) VALUES ($1, $2, '2024-01-15T09:00Z')`,
      [lead, customer],
    );
    // The touch's refresh finds the lead converted by no one yet; the conversion's cannot see the touch.
    await touch.refresh({ customerId: null }, { leadId: lead });
    const converted = conversion.refresh({ customerId: customer }, { leadId: lead });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await touch.commit();
    await converted;
    await conversion.commit();
    expect(await campaignOf(opportunity)).toEqual([campaign]);
  });
});
