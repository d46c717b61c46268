import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import {
  CaseOpened,
  CaseSatisfactionSubmitted,
  CaseSlaBreached,
  CaseStatusChanged,
  CommissionAccrued,
  CommissionPaid,
  EmailClicked,
  EmailOpened,
  EmailSent,
  OpportunityCreated,
  OpportunityLost,
  OpportunityStageChanged,
  OpportunityUpdated,
  OpportunityWon,
  ContactAdded,
  CustomerCreated,
  CustomerUpdated,
  CustomerUpdatedV2,
  LeadCaptured,
  LeadConverted,
  LeadUpdatedV2,
  LoyaltyPointsChanged,
  LoyaltyTierChanged,
  PartnerLinkedToCustomer,
  type PayloadOf,
} from '@crm/contracts';
import { eventually, itPagesWithCursors } from '@crm/testing';
import Decimal from 'decimal.js';
import {
  customerSnapshot,
  type CustomerSnapshot,
  type EventSender,
  fewestStatements,
  itKeepsItsContracts,
  useTestSubgraph,
} from '@crm/subgraph-testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { CHURN_RISK_GROUP_ID } from '../src/churn-risk/churn-risk.consumer';
import { NOTIFICATIONS_GROUP_ID } from '../src/notifications/notifications.consumer';
import { SEARCH_GROUP_ID } from '../src/search/search.consumer';
import { SEGMENTS_GROUP_ID } from '../src/segments/segments.consumer';
import { TIMELINE_GROUP_ID } from '../src/timeline/timeline.consumer';
import { WAREHOUSE_GROUP_ID } from '../src/warehouse/warehouse.consumer';

interface Metrics {
  interactionCount: number;
  lastInteractionAt: string | null;
}

interface TimelinePage {
  edges: {
    cursor: string;
    node: { id: string; occurredAt: string; type: string; source: string; summary: string; link: { type: string; id: string } | null };
  }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const BASE = Date.parse('2030-06-01T12:00:00.000Z');
/** Event times a second apart, so the expected order never depends on the clock. */
const at = (second: number): string => new Date(BASE + second * 1000).toISOString();

const TIMELINE =
  'timeline(first: $first, after: $after) { edges { cursor node { id occurredAt type source summary link { type id } } } pageInfo { hasNextPage endCursor } }';

describe('analytics subgraph', () => {
  const analytics = useTestSubgraph(analyticsSubgraph);
  const { events, gql, sql } = analytics;

  /** Produces one CloudEvent as the producing service's outbox relay would; returns its id. */
  const publish: EventSender['send'] = (contract, data, opts) => events.send(contract, data, opts);

  /** Retries `check` until it stops throwing: the consumer applies events asynchronously. */

  const customer360 = async (customerId: string, first: number | null = 20, after: string | null = null) => {
    const res = await gql<{ _entities: { id: string; metrics: Metrics | null; timeline: TimelinePage | null }[] }>(
      `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Customer { id metrics { interactionCount lastInteractionAt } ${TIMELINE} } } }`,
      { r: [{ __typename: 'Customer', id: customerId }], first, after },
    );
    expect(res.errors).toBeUndefined();
    return res.data!._entities[0]!;
  };
  const processed = async (eventId: string): Promise<boolean> =>
    (await sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [TIMELINE_GROUP_ID, eventId])).length === 1;

  itKeepsItsContracts(() => analytics, analyticsSubgraph, path.join(__dirname, '../schema.graphql'));

  it("builds a customer's timeline and metrics from the events of every service", async () => {
    const customerId = randomUUID();
    const other = randomUUID();
    await publish(CustomerCreated, { customerId, name: 'Acme', kind: 'COMPANY', createdAt: at(0) }, { time: at(0) });
    await publish(
      ContactAdded,
      { contactId: other, customerId, fullName: 'Jane Doe', email: 'jane@acme.com', createdAt: at(1) },
      { time: at(1) },
    );
    await publish(
      LeadCaptured,
      {
        leadId: other,
        customerId,
        email: 'jane@acme.com',
        name: 'Jane Doe',
        company: 'Acme',
        source: 'WEB_FORM',
        status: 'NEW',
        isNew: true,
        capturedAt: at(2),
      },
      { time: at(2) },
    );
    await publish(
      CaseOpened,
      { caseId: other, customerId, subject: 'Printer on fire', priority: 'HIGH', status: 'NEW', openedAt: at(3) },
      { time: at(3) },
    );
    await publish(
      CaseStatusChanged,
      { caseId: other, customerId, subject: 'Printer on fire', from: 'OPEN', to: 'RESOLVED', changedAt: at(4) },
      { time: at(4) },
    );
    await publish(PartnerLinkedToCustomer, { partnerId: other, customerId, partnerName: 'Northwind', linkedAt: at(5) }, { time: at(5) });
    await publish(CustomerUpdated, { customerId, changed: ['name'], name: 'Acme Corp', updatedAt: at(6) }, { time: at(6) });

    // Metrics and timeline are read by two statements: the last event can land between them, so
    // wait until both have it (a clean-clone CI once saw metrics of 7 beside a timeline of 6).
    const view = await eventually(async () => {
      const v = await customer360(customerId);
      expect(v.metrics!.interactionCount).toBe(7);
      expect(v.timeline!.edges).toHaveLength(7);
      return v;
    });
    expect(view.metrics).toEqual({ interactionCount: 7, lastInteractionAt: at(6) });
    expect(view.timeline!.edges.map((e) => [e.node.occurredAt, e.node.type, e.node.source, e.node.summary])).toEqual([
      [at(6), 'CUSTOMER_UPDATED', 'sales', 'Customer Acme Corp updated (name)'],
      [at(5), 'PARTNER_LINKED', 'partners', 'Partner Northwind linked'],
      [at(4), 'CASE_STATUS_CHANGED', 'service', 'Case "Printer on fire" moved from OPEN to RESOLVED'],
      [at(3), 'CASE_OPENED', 'service', 'Case opened: Printer on fire (HIGH)'],
      [at(2), 'LEAD_CAPTURED', 'marketing', 'Lead jane@acme.com captured from WEB_FORM'],
      [at(1), 'CONTACT_ADDED', 'sales', 'Contact Jane Doe added'],
      [at(0), 'CUSTOMER_CREATED', 'sales', 'Customer Acme created'],
    ]);
    // Each entry opens the record it is about.
    expect(view.timeline!.edges.map((e) => e.node.link)).toEqual([
      { type: 'Customer', id: customerId },
      { type: 'Partner', id: other },
      { type: 'Case', id: other },
      { type: 'Case', id: other },
      { type: 'Lead', id: other },
      { type: 'Contact', id: other },
      { type: 'Customer', id: customerId },
    ]);
    expect(view.timeline!.pageInfo.hasNextPage).toBe(false);
  });

  it('counts an event delivered twice (same id) once', async () => {
    const customerId = randomUUID();
    const id = randomUUID();
    const created = { customerId, name: 'Twice Inc', kind: 'PERSON' as const, createdAt: at(10) };
    await publish(CustomerCreated, created, { id, time: at(10) });
    await publish(CustomerCreated, created, { id, time: at(10) });
    // Same topic and key, so the same partition: once this one is applied, both copies were seen.
    const marker = await publish(
      CustomerUpdated,
      { customerId, changed: ['name'], name: 'Twice Ltd', updatedAt: at(11) },
      { time: at(11) },
    );
    await eventually(async () => expect(await processed(marker)).toBe(true));

    const view = await customer360(customerId);
    expect(view.metrics).toEqual({ interactionCount: 2, lastInteractionAt: at(11) });
    expect(view.timeline!.edges.map((e) => [e.node.id, e.node.summary])).toEqual([
      [marker, 'Customer Twice Ltd updated (name)'],
      [id, 'Customer Twice Inc created'],
    ]);
    // Once per consumer group that reads customers: churn risk's, the customer 360's, notifications'
    // (customer owners), search's, segments' and the warehouse's. Each group applies it on its own time.
    await eventually(async () =>
      expect(await sql('SELECT consumer FROM inbox WHERE event_id = $1 ORDER BY consumer', [id])).toEqual([
        { consumer: CHURN_RISK_GROUP_ID },
        { consumer: TIMELINE_GROUP_ID },
        { consumer: NOTIFICATIONS_GROUP_ID },
        { consumer: SEARCH_GROUP_ID },
        { consumer: SEGMENTS_GROUP_ID },
        { consumer: WAREHOUSE_GROUP_ID },
      ]),
    );
  });

  it('keeps lastInteractionAt at the latest time when events arrive out of order', async () => {
    const customerId = randomUUID();
    await publish(CustomerUpdated, { customerId, changed: ['name'], name: 'Late', updatedAt: at(30) }, { time: at(30) });
    const older = await publish(CustomerCreated, { customerId, name: 'Early', kind: 'COMPANY', createdAt: at(20) }, { time: at(20) });
    await eventually(async () => expect(await processed(older)).toBe(true));
    const view = await customer360(customerId);
    expect(view.metrics).toEqual({ interactionCount: 2, lastInteractionAt: at(30) });
    expect(view.timeline!.edges.map((e) => e.node.occurredAt)).toEqual([at(30), at(20)]);
  });

  it('skips a lead that belongs to no customer', async () => {
    const leadId = randomUUID();
    const eventId = await publish(LeadCaptured, {
      leadId,
      customerId: null,
      email: 'nobody@example.com',
      name: 'No Body',
      company: null,
      source: 'WEB_FORM',
      status: 'NEW',
      isNew: true,
      capturedAt: at(40),
    });
    await eventually(async () => expect(await processed(eventId)).toBe(true));
    expect(await sql('SELECT id FROM timeline_entry WHERE id = $1', [eventId])).toEqual([]);
    expect(await sql('SELECT customer_id FROM customer_metrics WHERE customer_id = $1', [leadId])).toEqual([]);
  });

  it('answers zero metrics and an empty timeline for a customer without events', async () => {
    expect(await customer360(randomUUID())).toMatchObject({
      metrics: { interactionCount: 0, lastInteractionAt: null },
      timeline: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
  });

  describe('with a customer of five interactions', () => {
    const customerId = randomUUID();
    const ids: string[] = [];

    beforeAll(async () => {
      // All on one topic and key, so they are applied in this order.
      for (let i = 0; i < 5; i++) {
        ids.push(
          await publish(
            CaseOpened,
            { caseId: randomUUID(), customerId, subject: `Case ${i}`, priority: 'LOW', status: 'NEW', openedAt: at(100 + i) },
            { time: at(100 + i) },
          ),
        );
      }
      await eventually(async () => expect(await processed(ids[4]!)).toBe(true));
    });

    const newestFirst = [4, 3, 2, 1, 0].map((i) => `Case opened: Case ${i} (LOW)`);
    itPagesWithCursors({
      gql: () => gql,
      field: 'timeline',
      on: { typename: 'Customer', id: () => customerId },
      label: 'summary',
      orders: { 'newest first': newestFirst },
    });
    itPagesWithCursors({
      gql: () => gql,
      field: 'timeline',
      filterType: 'TimelineFilter',
      filter: { customerId },
      label: 'summary',
      orders: { 'newest first': newestFirst },
    });

    it('serves the feed of all interactions, filtered and paged, with the customer as a reference', async () => {
      type Feed = {
        timeline: {
          edges: { node: { id: string; summary: string; customer: { id: string } } }[];
          pageInfo: { endCursor: string | null; hasNextPage: boolean };
        };
      };
      const feed = (after: string | null) =>
        gql<Feed>(
          'query($c: ID!, $after: String) { timeline(first: 3, after: $after, filter: { customerId: $c, source: "service", type: "CASE_OPENED" }) { edges { node { id summary customer { id } } } pageInfo { endCursor hasNextPage } } }',
          { c: customerId, after },
        );
      const first = await feed(null);
      expect(first.errors).toBeUndefined();
      expect(first.data!.timeline.edges.map((e) => e.node)).toEqual(
        [4, 3, 2].map((i) => ({ id: ids[i], summary: `Case opened: Case ${i} (LOW)`, customer: { id: customerId } })),
      );
      expect(first.data!.timeline.pageInfo.hasNextPage).toBe(true);
      const second = await feed(first.data!.timeline.pageInfo.endCursor);
      expect(second.data!.timeline.edges.map((e) => e.node.id)).toEqual([ids[1], ids[0]]);
      expect(second.data!.timeline.pageInfo.hasNextPage).toBe(false);
      const none = await gql<{ timeline: { edges: unknown[] } }>(
        'query($c: ID!) { timeline(filter: { customerId: $c, source: "sales" }) { edges { cursor } } }',
        {
          c: customerId,
        },
      );
      expect(none.data!.timeline.edges).toEqual([]);
    });
  });

  it('resolves metrics and timelines of 20 customers in as many SQL statements as of 2, one more per distinct page arguments', async () => {
    const customers = Array.from({ length: 20 }, () => randomUUID());
    let last = '';
    for (const [i, customerId] of customers.entries()) {
      for (let k = 0; k < i % 4; k++)
        last = await publish(
          ContactAdded,
          { contactId: randomUUID(), customerId, fullName: `Person ${i}.${k}`, email: null, createdAt: at(200 + k) },
          { time: at(200 + k) },
        );
    }
    await eventually(async () => {
      const [row] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM timeline_entry WHERE customer_id = ANY($1::uuid[])', [
        customers,
      ]);
      expect(row!.n).toBe(customers.reduce((sum, _, i) => sum + (i % 4), 0));
    });
    expect(last).not.toBe('');

    type Entities = { id: string; metrics: Metrics; timeline: TimelinePage; older?: TimelinePage }[];
    // Reads of the read models only: the consumer keeps writing events of other test files meanwhile.
    const resolve = async (ids: string[], twoArgSets: boolean) => {
      const { statements: reads, result: entities } = await fewestStatements(
        async () => {
          const res = await gql<{ _entities: Entities }>(
            `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id metrics { interactionCount }
               timeline(first: 2) { edges { node { summary } } pageInfo { hasNextPage } }
               ${twoArgSets ? 'older: timeline(first: 1) { edges { node { summary } } pageInfo { hasNextPage } }' : ''} } } }`,
            { r: ids.map((id) => ({ __typename: 'Customer', id })) },
          );
          expect(res.errors).toBeUndefined();
          return res.data!._entities;
        },
        (sql) => /^\s*SELECT/i.test(sql) && /timeline_entry|customer_metrics/.test(sql),
      );
      return { entities, reads };
    };
    const forTwo = await resolve(customers.slice(0, 2), false);
    const forTwenty = await resolve(customers, false);
    const withTwoArgSets = await resolve(customers, true);

    expect(forTwo.reads).toBe(2); // one for metrics, one window-function statement for the timelines
    expect(forTwenty.reads).toBe(2);
    expect(withTwoArgSets.reads).toBe(3);
    expect(forTwenty.entities.map((e) => e.id)).toEqual(customers);
    expect(forTwenty.entities.map((e) => e.metrics.interactionCount)).toEqual(customers.map((_, i) => i % 4));
    expect(forTwenty.entities.map((e) => [e.timeline.edges.length, e.timeline.pageInfo.hasNextPage])).toEqual(
      customers.map((_, i) => [Math.min(i % 4, 2), i % 4 > 2]),
    );
    expect(withTwoArgSets.entities[3]!.older).toEqual({
      edges: [{ node: { summary: 'Contact Person 3.2 added' } }],
      pageInfo: { hasNextPage: true },
    });
  });

  it.each([
    [
      'a page larger than 100',
      '{ _entities(representations: [{ __typename: "Customer", id: "CID" }]) { ... on Customer { timeline(first: 101) { edges { cursor } } } } }',
      'first',
    ],
    [
      'a timeline cursor it did not produce',
      '{ _entities(representations: [{ __typename: "Customer", id: "CID" }]) { ... on Customer { timeline(after: "nope") { edges { cursor } } } } }',
      'after',
    ],
    ['a feed page of 0', '{ timeline(first: 0) { edges { cursor } } }', 'first'],
    ['a malformed customer filter', '{ timeline(filter: { customerId: "42" }) { edges { cursor } } }', 'filter.customerId'],
    ['an unknown source', '{ timeline(filter: { source: "billing" }) { edges { cursor } } }', 'filter.source'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_case, query, field) => {
    const res = await gql(query.replace('CID', randomUUID()));
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res)).not.toMatch(/stack|QueryFailedError|node_modules/);
  });

  describe('the warehouse', () => {
    const warehouseProcessed = async (eventId: string): Promise<boolean> =>
      (await sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [WAREHOUSE_GROUP_ID, eventId])).length === 1;
    const applied = (eventId: string) => eventually(async () => expect(await warehouseProcessed(eventId)).toBe(true));

    it('keeps a type-2 row per version of a customer (name, tier, lifecycle stage, industry), and a redelivered change opens none', async () => {
      const customerId = randomUUID();
      await publish(CustomerCreated, { customerId, name: 'Acme', kind: 'COMPANY', createdAt: at(300) }, { time: at(300) });
      const renamed = { customerId, changed: ['name'], name: 'Acme Corp', updatedAt: at(301) };
      const id = await publish(CustomerUpdated, renamed, { time: at(301) });
      await publish(CustomerUpdated, renamed, { id, time: at(301) });
      // Not a change of what the dimension keeps: no new version.
      await publish(CustomerUpdated, { customerId, changed: ['domain'], name: 'Acme Corp', updatedAt: at(302) }, { time: at(302) });
      const v2 = (minute: number, changes: PayloadOf<typeof CustomerUpdatedV2>['changes'], over: Partial<CustomerSnapshot>) =>
        publish(
          CustomerUpdatedV2,
          {
            customerId,
            changes,
            customer: customerSnapshot({ name: 'Acme Corp', tier: 2, industry: 'Retail', ...over }),
            updatedBy: null,
            updatedAt: at(minute),
          },
          { time: at(minute) },
        );
      // Won: tier 2, a customer, in retail. Then a new domain only (no version); then promoted to tier 1.
      await v2(303, [{ field: 'tier', old: null, new: 2 }], {});
      await v2(304, [{ field: 'domain', old: null, new: 'acme.example' }], { domain: 'acme.example' });
      const last = await v2(305, [{ field: 'tier', old: 2, new: 1 }], { domain: 'acme.example', tier: 1 });
      await applied(last);
      expect(
        await sql(
          `SELECT name, tier, lifecycle_stage, industry, valid_from, valid_to FROM warehouse.dim_customer WHERE customer_id = $1 ORDER BY valid_from`,
          [customerId],
        ),
      ).toEqual([
        { name: 'Acme', tier: null, lifecycle_stage: null, industry: null, valid_from: new Date(at(300)), valid_to: new Date(at(301)) },
        {
          name: 'Acme Corp',
          tier: null,
          lifecycle_stage: null,
          industry: null,
          valid_from: new Date(at(301)),
          valid_to: new Date(at(303)),
        },
        {
          name: 'Acme Corp',
          tier: 2,
          lifecycle_stage: 'CUSTOMER',
          industry: 'Retail',
          valid_from: new Date(at(303)),
          valid_to: new Date(at(305)),
        },
        { name: 'Acme Corp', tier: 1, lifecycle_stage: 'CUSTOMER', industry: 'Retail', valid_from: new Date(at(305)), valid_to: null },
      ]);
    });

    it('counts a loyalty entry and a survey answer once when marketing or service publishes it again, and reports an entry by the tier before it', async () => {
      const customerId = randomUUID();
      const entry = { entryId: randomUUID(), customerId, kind: 'AWARD' as const, points: 120, balance: 120, reason: 'Welcome' };
      // The tier change its entry caused, published after it; then the same entry again under a new event id.
      await publish(LoyaltyPointsChanged, { ...entry, occurredAt: at(400) }, { time: at(400) });
      await publish(LoyaltyTierChanged, { customerId, from: null, to: 'Silver', periodPoints: 120, changedAt: at(400) }, { time: at(400) });
      await publish(LoyaltyPointsChanged, { ...entry, occurredAt: at(400) }, { time: at(400) });
      const redeemed = { entryId: randomUUID(), customerId, kind: 'REDEMPTION' as const, points: -20, balance: 100, reason: null };
      const last = await publish(LoyaltyPointsChanged, { ...redeemed, occurredAt: at(401) }, { time: at(401) });
      const kase = { caseId: randomUUID(), customerId, subject: 'Late', productId: null };
      await publish(CaseOpened, { ...kase, priority: 'HIGH', status: 'NEW', openedAt: at(400) }, { time: at(400) });
      const answer = { ...kase, score: 3, hasComment: false, answeredAt: at(402) };
      await publish(CaseSatisfactionSubmitted, answer, { time: at(402) });
      const again = await publish(CaseSatisfactionSubmitted, { ...answer, score: 5 }, { time: at(403) });
      await applied(last);
      await applied(again);
      const olap = async (q: Record<string, unknown>) => {
        const res = await gql<{ olap: { rows: unknown[] } }>(
          'query($q: OlapQueryInput!) { olap(query: $q) { rows { keys subtotal values } } }',
          { q: { ...q, filters: [{ name: 'customer', in: [customerId] }] } },
        );
        expect(res.errors).toBeUndefined();
        return res.data!.olap.rows;
      };
      expect(
        await olap({
          cube: 'loyalty',
          measures: ['pointsEarned', 'pointsRedeemed', 'netPoints', 'entries'],
          dimensions: [{ name: 'loyaltyTier' }],
        }),
      ).toEqual([
        { keys: ['Silver'], subtotal: [false], values: ['0', '20', '-20', '1'] },
        { keys: [null], subtotal: [false], values: ['120', '0', '120', '1'] },
      ]);
      // Service takes one answer per case: the first stands.
      expect(await olap({ cube: 'surveys', measures: ['answers', 'csatAverage'], dimensions: [{ name: 'priority' }] })).toEqual([
        { keys: ['HIGH'], subtotal: [false], values: ['1', '3.0000'] },
      ]);
    });

    it('records a won deal with its stage moves and the lines it had when it closed, in exact decimals', async () => {
      const customerId = randomUUID();
      const [opportunityId, pipelineId, s1, s2, s3, p1, p2, ownerId] = [
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
      ];
      const deal = {
        opportunityId,
        customerId,
        name: 'Engines',
        amount: { amount: '1000.10', currency: 'EUR' },
        closeDate: '2030-06-30',
        ownerId,
        partnerId: null,
        pipelineId: pipelineId,
        stageId: s1,
        status: 'OPEN' as const,
      };
      await publish(OpportunityCreated, { ...deal, createdAt: at(400) }, { time: at(400) });
      const line = (productId: string, quantity: string, net: string) => ({
        productId,
        quantity,
        unitPrice: { amount: '0.10', currency: 'EUR' },
        discountPercent: '0',
        net: { amount: net, currency: 'EUR' },
      });
      await publish(
        OpportunityUpdated,
        {
          ...deal,
          amount: { amount: '1200.30', currency: 'EUR' },
          changed: ['lines'],
          updatedAt: at(401),
          lines: [line(p1, '3', '0.10'), line(p2, '2.5', '1200.20')],
        },
        { time: at(401) },
      );
      await publish(
        OpportunityStageChanged,
        {
          ...deal,
          amount: { amount: '1200.30', currency: 'EUR' },
          stageId: s2,
          fromStageId: s1,
          fromStatus: 'OPEN',
          changedBy: null,
          changedAt: at(402),
        },
        { time: at(402) },
      );
      const won = await publish(
        OpportunityWon,
        {
          ...deal,
          amount: { amount: '1200.30', currency: 'EUR' },
          stageId: s3,
          status: 'WON',
          reason: 'signed',
          closedBy: null,
          closedAt: at(403),
        },
        { time: at(403) },
      );
      await applied(won);

      expect(
        await sql(
          'SELECT outcome, amount, currency, owner_id, reason, closed_at, date_key::text AS day FROM warehouse.fact_deal WHERE opportunity_id = $1',
          [opportunityId],
        ),
      ).toEqual([
        {
          outcome: 'WON',
          amount: '1200.3000',
          currency: 'EUR',
          owner_id: ownerId,
          reason: 'signed',
          closed_at: new Date(at(403)),
          day: '2030-06-01',
        },
      ]);
      expect(
        await sql('SELECT product_id, quantity, net FROM warehouse.fact_deal_line WHERE opportunity_id = $1 ORDER BY line_no', [
          opportunityId,
        ]),
      ).toEqual([
        { product_id: p1, quantity: '3.0000', net: '0.1000' },
        { product_id: p2, quantity: '2.5000', net: '1200.2000' },
      ]);
      // The lines' sum is exact: 0.1 + 1200.2 in floats is not 1200.3.
      expect(await sql('SELECT sum(net)::text AS total FROM warehouse.fact_deal_line WHERE opportunity_id = $1', [opportunityId])).toEqual([
        { total: '1200.3000' },
      ]);
      expect(
        await sql(
          'SELECT from_stage_id, to_stage_id, to_status FROM warehouse.fact_opportunity_stage WHERE opportunity_id = $1 ORDER BY changed_at',
          [opportunityId],
        ),
      ).toEqual([
        { from_stage_id: null, to_stage_id: s1, to_status: 'OPEN' },
        { from_stage_id: s1, to_stage_id: s2, to_status: 'OPEN' },
      ]);
      expect(
        await sql('SELECT status, stage_id, amount FROM warehouse.fact_opportunity_snapshot WHERE opportunity_id = $1', [opportunityId]),
      ).toEqual([{ status: 'WON', stage_id: s3, amount: '1200.3000' }]);
      expect(
        await sql("SELECT year, quarter, month, week::text AS week, day_of_week FROM warehouse.dim_date WHERE date_key = '2030-06-01'"),
      ).toEqual([{ year: 2030, quarter: 2, month: 6, week: '2030-05-27', day_of_week: 6 }]);
    });

    it('records a case with its SLA outcome, email engagement and a commission through its life', async () => {
      const customerId = randomUUID();
      const [caseId, messageId, campaignId, personId, commissionId, partnerId, opportunityId] = [
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
      ];
      const kase = { caseId, customerId, subject: 'Printer on fire', productId: null };
      await publish(CaseOpened, { ...kase, priority: 'HIGH', status: 'NEW', openedAt: at(500) }, { time: at(500) });
      await publish(
        CaseSlaBreached,
        { ...kase, target: 'FIRST_RESPONSE', priority: 'HIGH', dueAt: at(501), escalationLevel: 1, queueId: null, breachedAt: at(501) },
        { time: at(501) },
      );
      const resolved = await publish(CaseStatusChanged, { ...kase, from: 'OPEN', to: 'RESOLVED', changedAt: at(502) }, { time: at(502) });

      const message = {
        messageId: messageId,
        campaignId: campaignId,
        personKind: 'CONTACT' as const,
        personId: personId,
        customerId,
        email: 'ada@acme.com',
      };
      await publish(EmailSent, { ...message, sentAt: at(510) }, { time: at(510) });
      await publish(EmailOpened, { ...message, openedAt: at(512) }, { time: at(512) });
      await publish(EmailOpened, { ...message, openedAt: at(511) }, { time: at(511) });
      const clicked = await publish(EmailClicked, { ...message, url: 'https://acme.com', clickedAt: at(513) }, { time: at(513) });

      const commission = {
        commissionId: commissionId,
        partnerId: partnerId,
        opportunityId: opportunityId,
        customerId,
        amount: { amount: '120.0500', currency: 'EUR' },
      };
      await publish(
        CommissionAccrued,
        {
          ...commission,
          planId: partnerId,
          ratePercent: '10',
          base: { amount: '1200.5', currency: 'EUR' },
          period: '2030-06',
          accruedAt: at(520),
        },
        { time: at(520) },
      );
      const paid = await publish(CommissionPaid, { ...commission, paidBy: null, paidAt: at(521) }, { time: at(521) });
      for (const id of [resolved, clicked, paid]) await applied(id);

      expect(
        await sql(
          'SELECT status, priority, resolved_at, first_response_breached, resolution_breached FROM warehouse.fact_case WHERE case_id = $1',
          [caseId],
        ),
      ).toEqual([
        { status: 'RESOLVED', priority: 'HIGH', resolved_at: new Date(at(502)), first_response_breached: true, resolution_breached: false },
      ]);
      expect(
        await sql('SELECT sent_at, first_opened_at, first_clicked_at, opens, clicks FROM warehouse.fact_email WHERE message_id = $1', [
          messageId,
        ]),
      ).toEqual([
        { sent_at: new Date(at(510)), first_opened_at: new Date(at(511)), first_clicked_at: new Date(at(513)), opens: 2, clicks: 1 },
      ]);
      expect(
        await sql('SELECT status, amount, accrued_at, paid_at FROM warehouse.fact_commission WHERE commission_id = $1', [commissionId]),
      ).toEqual([{ status: 'PAID', amount: '120.0500', accrued_at: new Date(at(520)), paid_at: new Date(at(521)) }]);
    });
  });

  describe('the OLAP query', () => {
    interface Olap {
      olap: {
        dimensions: string[];
        measures: string[];
        rows: { keys: (string | null)[]; subtotal: boolean[]; values: (string | null)[] }[];
        truncated: boolean;
      };
    }
    const OLAP =
      'query($q: OlapQueryInput!, $first: Int) { olap(query: $q, first: $first) { dimensions measures rows { keys subtotal values } truncated } }';
    const customerId = randomUUID();
    const [ownerA, ownerB, p1, p2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    /** The deals of this test, each won or lost on a day, with its lines' net amounts. */
    const deals = [
      {
        owner: ownerA,
        outcome: 'WON',
        at: '2030-01-15T10:00:00.000Z',
        currency: 'EUR',
        lines: [
          [p1, '100.10'],
          [p2, '50.05'],
        ],
      },
      { owner: ownerA, outcome: 'WON', at: '2030-02-03T10:00:00.000Z', currency: 'EUR', lines: [[p1, '200.20']] },
      {
        owner: ownerB,
        outcome: 'WON',
        at: '2030-02-20T10:00:00.000Z',
        currency: 'EUR',
        lines: [
          [p2, '0.10'],
          [p1, '0.20'],
        ],
      },
      { owner: ownerB, outcome: 'LOST', at: '2030-02-21T10:00:00.000Z', currency: 'EUR', lines: [[p1, '999.00']] },
      { owner: ownerA, outcome: 'LOST', at: '2030-01-30T10:00:00.000Z', currency: 'EUR', lines: [] },
      { owner: ownerA, outcome: 'WON', at: '2030-01-10T10:00:00.000Z', currency: 'USD', lines: [[p1, '10.00']] },
    ] as const;

    type Deal = { owner: string; outcome: 'WON' | 'LOST'; at: string; currency: string; lines: readonly (readonly [string, string])[] };
    /** Publishes the deal's lines and its close (a new opportunity unless one is given); answers the close's event id. */
    const close = async (d: Deal, opportunityId: string = randomUUID()): Promise<string> => {
      const total = d.lines.reduce((sum, [, net]) => sum + Number(net), 0).toFixed(2);
      const deal = {
        opportunityId,
        customerId,
        name: `Deal ${opportunityId.slice(0, 4)}`,
        amount: { amount: total, currency: d.currency },
        closeDate: '2030-03-31',
        ownerId: d.owner,
        partnerId: null,
        pipelineId: p1,
        stageId: p2,
        status: 'OPEN' as const,
      };
      const lines = d.lines.map(([productId, net]) => ({
        productId,
        quantity: '1',
        unitPrice: { amount: net, currency: d.currency },
        discountPercent: '0',
        net: { amount: net, currency: d.currency },
      }));
      await publish(OpportunityUpdated, { ...deal, changed: ['lines'], updatedAt: d.at, lines }, { time: d.at });
      const closed = { ...deal, status: d.outcome, reason: 'test', closedBy: null, closedAt: d.at };
      return d.outcome === 'WON'
        ? await publish(OpportunityWon, closed, { time: d.at })
        : await publish(OpportunityLost, closed, { time: d.at });
    };
    const applied = (eventId: string) =>
      eventually(async () =>
        expect((await sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [WAREHOUSE_GROUP_ID, eventId])).length).toBe(1),
      );

    beforeAll(async () => {
      let last = '';
      for (const d of deals) last = await close(d);
      await applied(last);
    });

    /** Sums of 4-decimal amounts, exactly, as the warehouse's numeric(19,4) prints them. */
    const exact = (amounts: string[]): string => {
      const total = amounts.reduce((sum, a) => sum + BigInt(Number(a).toFixed(4).replace('.', '')), 0n);
      return `${total / 10000n}.${String(total % 10000n).padStart(4, '0')}`;
    };

    it('answers won revenue by month × product with subtotals per month and per currency, equal to a computation of its own', async () => {
      const res = await gql<Olap>(OLAP, {
        q: {
          cube: 'dealLines',
          measures: ['wonRevenue'],
          dimensions: [{ name: 'date', grain: 'MONTH' }, { name: 'product' }],
          filters: [
            { name: 'customer', in: [customerId] },
            { name: 'outcome', in: ['WON'] },
          ],
          rollup: true,
        },
      });
      expect(res.errors).toBeUndefined();
      const won = deals
        .filter((d) => d.outcome === 'WON')
        .flatMap((d) => d.lines.map(([product, net]) => ({ currency: d.currency, month: `${d.at.slice(0, 7)}-01`, product, net })));
      const group = (key: (l: (typeof won)[number]) => string) => {
        const m = new Map<string, string[]>();
        for (const l of won) m.set(key(l), [...(m.get(key(l)) ?? []), l.net]);
        return [...m].map(([k, nets]) => [k, exact(nets)] as const);
      };
      const expected = [
        ...group((l) => `${l.currency}|${l.month}|${l.product}`).map(([k, v]) => ({
          keys: k.split('|'),
          subtotal: [false, false, false],
          values: [v],
        })),
        ...group((l) => `${l.currency}|${l.month}`).map(([k, v]) => ({
          keys: [...k.split('|'), null],
          subtotal: [false, false, true],
          values: [v],
        })),
        ...group((l) => l.currency).map(([k, v]) => ({ keys: [k, null, null], subtotal: [false, true, true], values: [v] })),
      ];
      expect(res.data!.olap).toMatchObject({
        dimensions: ['currency', 'date:MONTH', 'product'],
        measures: ['wonRevenue'],
        truncated: false,
      });
      expect(res.data!.olap.rows).toHaveLength(expected.length);
      expect(res.data!.olap.rows).toEqual(expect.arrayContaining(expected));
      // A month's subtotal follows its products; the currency's total comes last: EUR January holds 100.10 + 50.05.
      const eur = res.data!.olap.rows.filter((r) => r.keys[0] === 'EUR');
      expect(eur.at(-1)).toEqual({ keys: ['EUR', null, null], subtotal: [false, true, true], values: ['350.6500'] });
      expect(eur.find((r) => r.keys[1] === '2030-01-01' && r.subtotal[2])!.values).toEqual(['150.1500']);
    });

    it('answers the win rate per owner, equal to won / closed counted here', async () => {
      const res = await gql<Olap>(OLAP, {
        q: {
          cube: 'deals',
          measures: ['winRate', 'wonDeals', 'closedDeals'],
          dimensions: [{ name: 'owner' }],
          filters: [{ name: 'customer', in: [customerId] }],
        },
      });
      expect(res.errors).toBeUndefined();
      const expected = [ownerA, ownerB].map((owner) => {
        const closed = deals.filter((d) => d.owner === owner);
        const wonCount = closed.filter((d) => d.outcome === 'WON').length;
        return {
          keys: [owner],
          subtotal: [false],
          values: [(wonCount / closed.length).toFixed(4), String(wonCount), String(closed.length)],
        };
      });
      expect(res.data!.olap.dimensions).toEqual(['owner']);
      expect(res.data!.olap.rows).toHaveLength(2);
      expect(res.data!.olap.rows).toEqual(expect.arrayContaining(expected));
      expect(expected.map((e) => e.values[0])).toEqual(['0.7500', '0.5000']);
    });

    it('answers the win rate per product, equal to the closed deals with a line of it won / closed, counted here', async () => {
      const res = await gql<Olap>(OLAP, {
        q: {
          cube: 'dealLines',
          measures: ['winRate', 'wonDeals', 'closedDeals'],
          dimensions: [{ name: 'product' }],
          filters: [{ name: 'customer', in: [customerId] }],
        },
      });
      expect(res.errors).toBeUndefined();
      const expected = [p1, p2].map((product) => {
        const closed = deals.filter((d) => d.lines.some(([id]) => id === product));
        const wonCount = closed.filter((d) => d.outcome === 'WON').length;
        return {
          keys: [product],
          subtotal: [false],
          values: [(wonCount / closed.length).toFixed(4), String(wonCount), String(closed.length)],
        };
      });
      expect(res.data!.olap.rows).toHaveLength(2);
      expect(res.data!.olap.rows).toEqual(expect.arrayContaining(expected));
      // p1 was on five closed deals, four of them won; p2 on two, both won.
      expect(expected.map((e) => e.values[0])).toEqual(['0.8000', '1.0000']);
    });

    it("reports won deals by the tier the customer had when each closed, and open pipeline by the customer's industry now", async () => {
      const buyer = randomUUID();
      const snapshot = (tier: number, industry: string) => customerSnapshot({ name: 'Tiered', tier, industry });
      const retier = (tier: number, industry: string, when: string) =>
        publish(
          CustomerUpdatedV2,
          {
            customerId: buyer,
            changes: [{ field: 'tier', old: null, new: tier }],
            customer: snapshot(tier, industry),
            updatedBy: null,
            updatedAt: when,
          },
          { time: when },
        );
      const opportunity = (amount: string) => ({
        opportunityId: randomUUID(),
        customerId: buyer,
        name: 'Tiered deal',
        amount: { amount, currency: 'EUR' },
        closeDate: '2031-03-31',
        ownerId: ownerA,
        partnerId: null,
        pipelineId: p1,
        stageId: p2,
        status: 'OPEN' as const,
      });
      const win = (o: ReturnType<typeof opportunity>, when: string) =>
        publish(OpportunityWon, { ...o, status: 'WON' as const, reason: 'test', closedBy: null, closedAt: when }, { time: when });
      await publish(
        CustomerCreated,
        { customerId: buyer, name: 'Tiered', kind: 'COMPANY', createdAt: '2031-01-01T00:00:00.000Z' },
        { time: '2031-01-01T00:00:00.000Z' },
      );
      await retier(3, 'Retail', '2031-01-02T00:00:00.000Z');
      const [early, late, open1, open2] = [opportunity('100.10'), opportunity('200.20'), opportunity('7.00'), opportunity('0.35')];
      for (const o of [early, late, open1, open2])
        await publish(OpportunityCreated, { ...o, createdAt: '2031-01-03T00:00:00.000Z' }, { time: '2031-01-03T00:00:00.000Z' });
      await win(early, '2031-01-10T00:00:00.000Z');
      await retier(1, 'Energy', '2031-02-01T00:00:00.000Z');
      await applied(await win(late, '2031-02-10T00:00:00.000Z'));

      const byTier = await gql<Olap>(OLAP, {
        q: { cube: 'deals', measures: ['wonDeals'], dimensions: [{ name: 'tier' }], filters: [{ name: 'customer', in: [buyer] }] },
      });
      expect(byTier.errors).toBeUndefined();
      expect(byTier.data!.olap.rows).toEqual(
        expect.arrayContaining([
          { keys: ['3'], subtotal: [false], values: ['1'] },
          { keys: ['1'], subtotal: [false], values: ['1'] },
        ]),
      );
      expect(byTier.data!.olap.rows).toHaveLength(2);

      // The two deals never closed are the pipeline; the two won ones are not. Industry is today's.
      const pipeline = await gql<Olap>(OLAP, {
        q: { cube: 'pipeline', measures: ['openDeals'], dimensions: [{ name: 'industry' }], filters: [{ name: 'customer', in: [buyer] }] },
      });
      expect(pipeline.errors).toBeUndefined();
      expect(pipeline.data!.olap.rows).toEqual([{ keys: ['Energy'], subtotal: [false], values: ['2'] }]);
      const amount = await gql<Olap>(OLAP, {
        q: { cube: 'pipeline', measures: ['pipelineAmount'], filters: [{ name: 'customer', in: [buyer] }] },
      });
      expect(amount.errors).toBeUndefined();
      expect(JSON.stringify(amount.data!.olap.rows)).toContain(exact(['7.00', '0.35']));
    });

    it("keeps a deal's snapshot at the latest of sales' commits, whatever their business time or the order their partitions arrive in", async () => {
      const wonStage = randomUUID();
      const deal = (customerId: string) => ({
        opportunityId: randomUUID(),
        customerId,
        name: 'Ordered deal',
        amount: { amount: '500.00', currency: 'SEK' },
        closeDate: '2031-03-31',
        ownerId: ownerA,
        partnerId: null,
        pipelineId: p1,
        stageId: p2,
        status: 'OPEN' as const,
      });
      type Deal = ReturnType<typeof deal>;
      const created = (d: Deal, time: string, sequence?: string) =>
        publish(OpportunityCreated, { ...d, createdAt: time }, { time, ...(sequence ? { sequence } : {}) });
      const updated = (d: Deal, time: string, sequence?: string) =>
        publish(OpportunityUpdated, { ...d, changed: ['lines'], updatedAt: time, lines: [] }, { time, ...(sequence ? { sequence } : {}) });
      const won = (d: Deal, time: string, sequence?: string) =>
        publish(
          OpportunityWon,
          { ...d, stageId: wonStage, status: 'WON' as const, reason: 'signed', closedBy: null, closedAt: time },
          { time, ...(sequence ? { sequence } : {}) },
        );
      const [jan, feb, today] = ['2025-01-05T09:00:00.000Z', '2025-02-01T09:00:00.000Z', new Date().toISOString()];
      const snapshotOf = async (d: Deal) =>
        sql('SELECT customer_id, status, stage_id FROM warehouse.fact_opportunity_snapshot WHERE opportunity_id = $1', [d.opportunityId]);

      // Created back-dated, its lines set today, won with a back-dated close: the win was committed last.
      const [x, y] = [randomUUID(), randomUUID()];
      const backdated = deal(x);
      await created(backdated, jan, '101');
      await updated(backdated, today, '102');
      await applied(await won(backdated, feb, '103'));
      expect(await snapshotOf(backdated)).toEqual([{ customer_id: x, status: 'WON', stage_id: wonStage }]);

      // Filed under an account (its events now keyed by another customer) today, then won back-dated:
      // the win and the move arrive before the creation, the win first, as two partitions may deliver them.
      const moved = deal(x);
      await applied(await won({ ...moved, customerId: y }, feb, '203'));
      await applied(await updated({ ...moved, customerId: y }, today, '202'));
      await applied(await created(moved, jan, '201'));
      expect(await snapshotOf(moved)).toEqual([{ customer_id: y, status: 'WON', stage_id: wonStage }]);

      // Events from before sequences: business time decides, so a late older change moves nothing and a newer one does.
      const legacy = deal(x);
      await created(legacy, jan);
      await applied(await won(legacy, feb));
      await applied(await updated(legacy, jan));
      expect(await snapshotOf(legacy)).toEqual([{ customer_id: x, status: 'WON', stage_id: wonStage }]);
      await applied(await updated(legacy, today));
      expect(await snapshotOf(legacy)).toEqual([{ customer_id: x, status: 'OPEN', stage_id: p2 }]);

      // The pipeline cube counts only what is open: of the three deals, the legacy one reopened by its newer change.
      const pipeline = await gql<Olap>(OLAP, {
        q: { cube: 'pipeline', measures: ['openDeals', 'pipelineAmount'], filters: [{ name: 'customer', in: [x, y] }] },
      });
      expect(pipeline.errors).toBeUndefined();
      expect(pipeline.data!.olap.rows).toEqual([{ keys: ['SEK'], subtotal: [false], values: ['1', '500.0000'] }]);
    });

    it("keeps a deal's latest close in sales' commit order: lost, reopened and won back-dated is won, on the win's date", async () => {
      const customerId = randomUUID();
      const d = {
        opportunityId: randomUUID(),
        customerId,
        name: 'Re-closed deal',
        amount: { amount: '700.00', currency: 'NOK' },
        closeDate: '2029-03-31',
        ownerId: ownerA,
        partnerId: null,
        pipelineId: p1,
        stageId: p2,
        status: 'OPEN' as const,
      };
      const close = (status: 'WON' | 'LOST', at: string, sequence?: string) =>
        publish(
          status === 'WON' ? OpportunityWon : OpportunityLost,
          { ...d, stageId: randomUUID(), status, reason: status === 'WON' ? 'signed' : 'budget', closedBy: null, closedAt: at },
          { time: at, ...(sequence ? { sequence } : {}) },
        );
      const dealRow = () =>
        sql('SELECT outcome, closed_at::text AS closed FROM warehouse.fact_deal WHERE opportunity_id = $1', [d.opportunityId]);
      const wonByMonth = async () => {
        const res = await gql<Olap>(OLAP, {
          q: {
            cube: 'deals',
            measures: ['wonDeals', 'lostDeals'],
            dimensions: [{ name: 'date', grain: 'MONTH' }],
            filters: [{ name: 'customer', in: [customerId] }],
          },
        });
        expect(res.errors).toBeUndefined();
        return res.data!.olap.rows;
      };
      await publish(
        OpportunityCreated,
        { ...d, createdAt: '2029-01-10T09:00:00.000Z' },
        { time: '2029-01-10T09:00:00.000Z', sequence: '501' },
      );
      // Lost on March 1, reopened, then won with the close the rep says it really had: February 15.
      await applied(await close('LOST', '2029-03-01T09:00:00.000Z', '502'));
      await applied(await close('WON', '2029-02-15T09:00:00.000Z', '504'));
      expect(await dealRow()).toEqual([{ outcome: 'WON', closed: '2029-02-15 09:00:00+00' }]);
      expect(await wonByMonth()).toEqual([{ keys: ['2029-02-01'], subtotal: [false], values: ['1', '0'] }]);
      // A copy of the loss arriving after the win (another partition) changes nothing: sales committed it before.
      await applied(await close('LOST', '2029-03-01T09:00:00.000Z', '502'));
      expect(await dealRow()).toEqual([{ outcome: 'WON', closed: '2029-02-15 09:00:00+00' }]);
      // Closes from before sequences compare by business time, as before.
      await applied(await close('LOST', '2029-03-02T09:00:00.000Z'));
      expect(await dealRow()).toEqual([{ outcome: 'LOST', closed: '2029-03-02 09:00:00+00' }]);
    });

    it("keeps an opportunity's lines in sales' commit order: an earlier update arriving late does not put its lines back", async () => {
      const [product1, product2] = [randomUUID(), randomUUID()];
      const d = {
        opportunityId: randomUUID(),
        customerId: randomUUID(),
        name: 'Relined deal',
        amount: { amount: '30.00', currency: 'DKK' },
        closeDate: '2029-05-31',
        ownerId: ownerA,
        partnerId: null,
        pipelineId: p1,
        stageId: p2,
        status: 'OPEN' as const,
      };
      const lineOf = (productId: string, net: string) => ({
        productId,
        quantity: '1',
        unitPrice: { amount: net, currency: 'DKK' },
        discountPercent: '0',
        net: { amount: net, currency: 'DKK' },
      });
      const update = (productId: string, net: string, time: string, sequence?: string) =>
        publish(
          OpportunityUpdated,
          { ...d, amount: { amount: net, currency: 'DKK' }, changed: ['lines'], updatedAt: time, lines: [lineOf(productId, net)] },
          { time, ...(sequence ? { sequence } : {}) },
        );
      const lines = () =>
        sql('SELECT product_id, net FROM warehouse.opportunity_line WHERE opportunity_id = $1 ORDER BY line_no', [d.opportunityId]);
      await applied(
        await publish(
          OpportunityCreated,
          { ...d, createdAt: '2029-04-01T09:00:00.000Z' },
          { time: '2029-04-01T09:00:00.000Z', sequence: '601' },
        ),
      );
      // Sales commits product 1's line, then product 2's. Product 2's arrives first; product 1's late,
      // on another partition, with a business time that is even newer (a clock ahead on the writer).
      await applied(await update(product2, '20.00', '2029-04-02T09:00:00.000Z', '603'));
      await applied(await update(product1, '10.00', '2029-04-03T09:00:00.000Z', '602'));
      expect(await lines()).toEqual([{ product_id: product2, net: '20.0000' }]);
      // A later commit replaces them, whatever its business time.
      await applied(await update(product1, '10.00', '2029-04-01T10:00:00.000Z', '604'));
      expect(await lines()).toEqual([{ product_id: product1, net: '10.0000' }]);
      // Updates from before sequences compare by business time, as before.
      await applied(await update(product2, '20.00', '2029-04-05T09:00:00.000Z'));
      expect(await lines()).toEqual([{ product_id: product2, net: '20.0000' }]);
      await applied(await update(product1, '10.00', '2029-04-04T09:00:00.000Z'));
      expect(await lines()).toEqual([{ product_id: product2, net: '20.0000' }]);
    });

    it('reports a deal by the source its lead had when converted, not by an edit after, whatever order the events arrive in', async () => {
      const [leadId, customerId, opportunityId] = [randomUUID(), randomUUID(), randomUUID()];
      const lead = { leadId, customerId: null, email: 'origin@example.com' };
      const t = (minute: number) => new Date(Date.UTC(2031, 4, 1, 9, minute)).toISOString();
      const source = (from: string, to: string, minute: number, sequence: string) =>
        publish(
          LeadUpdatedV2,
          {
            ...lead,
            changed: ['source'],
            changes: [{ field: 'source', old: from, new: to }],
            ownerId: null,
            updatedBy: null,
            updatedAt: t(minute),
          },
          { time: t(minute), sequence },
        );
      // Marketing's commits: captured from a web form (301), the source corrected to EVENT (302), converted
      // (303), and the source edited to REFERRAL after (304), which arrives first, the conversion last.
      await applied(await source('EVENT', 'REFERRAL', 3, '304'));
      await applied(
        await publish(
          LeadCaptured,
          { ...lead, name: 'Origin', company: null, source: 'WEB_FORM', status: 'NEW', isNew: true, capturedAt: t(0) },
          { time: t(0), sequence: '301' },
        ),
      );
      await applied(await source('WEB_FORM', 'EVENT', 1, '302'));
      const opened = await publish(
        OpportunityCreated,
        {
          opportunityId,
          customerId,
          name: 'Converted',
          amount: { amount: '42.00', currency: 'SEK' },
          closeDate: '2031-06-30',
          ownerId: null,
          partnerId: null,
          pipelineId: p1,
          stageId: p2,
          status: 'OPEN',
          createdAt: t(2),
        },
        { time: t(2), sequence: '9' },
      );
      await applied(opened);
      await applied(
        await publish(
          LeadConverted,
          {
            leadId,
            customerId,
            existingCustomer: false,
            customerName: 'Origin Ltd',
            customerKind: 'COMPANY',
            contact: { contactId: randomUUID(), firstName: 'Ori', lastName: 'Gin', email: 'origin@example.com' },
            opportunity: { opportunityId, name: 'Converted', amount: null, closeDate: null },
            ownerId: null,
            convertedBy: null,
            convertedAt: t(2),
          },
          { time: t(2), sequence: '303' },
        ),
      );
      const bySource = async () => {
        const res = await gql<Olap>(OLAP, {
          q: {
            cube: 'pipeline',
            measures: ['openDeals'],
            dimensions: [{ name: 'source' }],
            filters: [{ name: 'customer', in: [customerId] }],
          },
        });
        expect(res.errors).toBeUndefined();
        return res.data!.olap.rows;
      };
      expect(await bySource()).toEqual([{ keys: ['EVENT'], subtotal: [false], values: ['1'] }]);
      // Without sequences (events from before them), business time decides: an edit after the conversion still does not count.
      await applied(
        await publish(
          LeadUpdatedV2,
          {
            ...lead,
            changed: ['source'],
            changes: [{ field: 'source', old: 'REFERRAL', new: 'PARTNER' }],
            ownerId: null,
            updatedBy: null,
            updatedAt: t(5),
          },
          { time: t(5) },
        ),
      );
      expect(await bySource()).toEqual([{ keys: ['EVENT'], subtotal: [false], values: ['1'] }]);
    });

    it('bounds the rows and says when it cut them', async () => {
      const res = await gql<Olap>(OLAP, {
        q: {
          cube: 'dealLines',
          measures: ['wonRevenue'],
          dimensions: [{ name: 'date' }],
          filters: [{ name: 'customer', in: [customerId] }],
        },
        first: 2,
      });
      expect(res.data!.olap.rows).toHaveLength(2);
      expect(res.data!.olap.truncated).toBe(true);
    });

    it('answers a cube the per-day sums hold from them with the figures the facts give, through closes that replace each other', async () => {
      const [p3, p4, reclosed, won] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const lines = [
        [p3, '10.10'],
        [p4, '5.00'],
      ] as const;
      // Won in April, then lost in May: April's sums give it back, and May's p4 has lines but none won.
      await close({ owner: ownerA, outcome: 'WON', at: '2030-04-05T10:00:00.000Z', currency: 'EUR', lines }, reclosed);
      await applied(await close({ owner: ownerA, outcome: 'LOST', at: '2030-05-07T10:00:00.000Z', currency: 'EUR', lines }, reclosed));
      await close({ owner: ownerB, outcome: 'WON', at: '2030-05-20T10:00:00.000Z', currency: 'EUR', lines: [[p3, '1.25']] }, won);
      // An older close arriving late replaces nothing, in the facts or in the sums.
      await applied(
        await close({ owner: ownerB, outcome: 'LOST', at: '2030-03-01T10:00:00.000Z', currency: 'EUR', lines: [[p3, '1.25']] }, won),
      );

      const cube = (filters: unknown[]) =>
        gql<Olap>(OLAP, {
          q: {
            cube: 'dealLines',
            measures: ['wonRevenue', 'wonQuantity'],
            dimensions: [{ name: 'date', grain: 'MONTH' }, { name: 'product' }],
            filters: [{ name: 'product', in: [p3, p4] }, ...filters],
            rollup: true,
          },
        });
      const fromSums = await cube([]);
      // Every deal passes this filter, which the sums cannot answer: the same cube, from the facts.
      const fromFacts = await cube([{ name: 'outcome', in: ['WON', 'LOST'] }]);
      expect(fromSums.errors).toBeUndefined();
      expect(fromFacts.data!.olap).toEqual(fromSums.data!.olap);
      const wonMay = ['1.2500', '1.0000'];
      expect(fromSums.data!.olap.rows).toEqual([
        ...[p3, p4]
          .sort()
          .map((p) => ({ keys: ['EUR', '2030-05-01', p], subtotal: [false, false, false], values: p === p3 ? wonMay : [null, null] })),
        { keys: ['EUR', '2030-05-01', null], subtotal: [false, false, true], values: wonMay },
        { keys: ['EUR', null, null], subtotal: [false, true, true], values: wonMay },
      ]);
      expect(
        await sql('SELECT date_key::text AS day, lines, won_lines FROM warehouse.agg_deal_line_day WHERE product_id = $1', [p4]),
      ).toEqual([{ day: '2030-05-07', lines: 1, won_lines: 0 }]);
    });

    it('answers email engagement per campaign and SLA attainment per product, equal to what was sent and breached here', async () => {
      const [campaign, product] = [randomUUID(), randomUUID()];
      // Three messages sent in March 2031: opened 2, 1 and 0 times; the first also clicked.
      const mails = [
        { opens: 2, clicked: true },
        { opens: 1, clicked: false },
        { opens: 0, clicked: false },
      ];
      const last: string[] = [];
      for (const [n, m] of mails.entries()) {
        const message = { messageId: randomUUID(), campaignId: campaign, personKind: 'CONTACT' as const, personId: randomUUID() };
        const mail = { ...message, customerId, email: `m${n}@acme.com` };
        const sentAt = `2031-03-0${n + 1}T10:00:00.000Z`;
        last.push(await publish(EmailSent, { ...mail, sentAt }, { time: sentAt }));
        for (let i = 0; i < m.opens; i++) last.push(await publish(EmailOpened, { ...mail, openedAt: sentAt }, { time: sentAt }));
        if (m.clicked) last.push(await publish(EmailClicked, { ...mail, url: 'https://acme.com', clickedAt: sentAt }, { time: sentAt }));
      }
      // Four cases about the product: one missed its first response, one its resolution, two neither.
      const breaches: ('FIRST_RESPONSE' | 'RESOLUTION' | null)[] = ['FIRST_RESPONSE', 'RESOLUTION', null, null];
      for (const target of breaches) {
        const kase = { caseId: randomUUID(), customerId, subject: 'Jammed', productId: product };
        const openedAt = '2031-03-10T10:00:00.000Z';
        last.push(await publish(CaseOpened, { ...kase, priority: 'HIGH', status: 'NEW', openedAt }, { time: openedAt }));
        if (target)
          last.push(
            await publish(
              CaseSlaBreached,
              { ...kase, target, priority: 'HIGH', dueAt: openedAt, escalationLevel: 1, queueId: null, breachedAt: openedAt },
              { time: openedAt },
            ),
          );
      }
      for (const id of last) await applied(id);

      const emails = await gql<Olap>(OLAP, {
        q: {
          cube: 'emails',
          measures: ['sends', 'opened', 'clicked', 'opens', 'clicks'],
          dimensions: [{ name: 'campaign' }, { name: 'date', grain: 'MONTH' }],
          filters: [{ name: 'campaign', in: [campaign] }],
        },
      });
      expect(emails.errors).toBeUndefined();
      const count = (f: (m: (typeof mails)[number]) => number) => String(mails.reduce((n, m) => n + f(m), 0));
      expect(emails.data!.olap.rows).toEqual([
        {
          keys: [campaign, '2031-03-01'],
          subtotal: [false, false],
          values: [
            String(mails.length),
            count((m) => (m.opens > 0 ? 1 : 0)),
            count((m) => (m.clicked ? 1 : 0)),
            count((m) => m.opens),
            count((m) => (m.clicked ? 1 : 0)),
          ],
        },
      ]);
      const cases = await gql<Olap>(OLAP, {
        q: {
          cube: 'cases',
          measures: ['cases', 'slaBreaches', 'slaAttainment'],
          dimensions: [{ name: 'product' }],
          filters: [{ name: 'product', in: [product] }],
        },
      });
      expect(cases.errors).toBeUndefined();
      const met = breaches.filter((b) => b === null).length;
      expect(cases.data!.olap.rows).toEqual([
        {
          keys: [product],
          subtotal: [false],
          values: [
            String(breaches.length),
            String(breaches.length - met),
            `0.${String((met * 10_000) / breaches.length).padStart(4, '0')}`,
          ],
        },
      ]);
    });

    it('lists its catalogue', async () => {
      const res = await gql<{
        olapCatalogue: { name: string; measures: { name: string; money: boolean }[]; dimensions: { name: string; date: boolean }[] }[];
      }>('{ olapCatalogue { name measures { name money } dimensions { name date } } }');
      const deals = res.data!.olapCatalogue.find((c) => c.name === 'deals')!;
      expect(res.data!.olapCatalogue.map((c) => c.name)).toEqual([
        'deals',
        'dealLines',
        'pipeline',
        'cases',
        'surveys',
        'emails',
        'formSubmissions',
        'loyalty',
        'loyaltyTierChanges',
        'productIssues',
      ]);
      expect(deals.measures).toContainEqual({ name: 'wonRevenue', money: true });
      expect(deals.dimensions).toContainEqual({ name: 'date', date: true });
      for (const name of ['campaign', 'source']) expect(deals.dimensions).toContainEqual({ name, date: false });
      const surveys = res.data!.olapCatalogue.find((c) => c.name === 'surveys')!;
      expect(surveys.measures).toContainEqual({ name: 'csatAverage', money: false });
    });

    it.each([
      ['an unknown cube', { cube: 'sales', measures: ['wonRevenue'] }, 'query.cube', /unknown cube "sales"/],
      ['an unknown measure', { cube: 'deals', measures: ['wonRevenue', 'profit'] }, 'query.measures', /unknown measure "profit"/],
      [
        'an unknown dimension',
        { cube: 'deals', measures: ['wonDeals'], dimensions: [{ name: 'colour' }] },
        'query.dimensions',
        /unknown dimension "colour"/,
      ],
      [
        'an unknown filter',
        { cube: 'deals', measures: ['wonDeals'], filters: [{ name: 'planet', in: ['x'] }] },
        'query.filters',
        /unknown dimension "planet"/,
      ],
      [
        'a grain on a dimension that is no date',
        { cube: 'deals', measures: ['wonDeals'], dimensions: [{ name: 'owner', grain: 'MONTH' }] },
        'query.dimensions',
        /not a date/,
      ],
      [
        'an unknown survey measure',
        { cube: 'surveys', measures: ['npsScore'] },
        'query.measures',
        /unknown measure "npsScore" of cube surveys/,
      ],
      [
        'an unknown loyalty dimension',
        { cube: 'loyalty', measures: ['pointsEarned'], dimensions: [{ name: 'planet' }] },
        'query.dimensions',
        /unknown dimension "planet" of cube loyalty/,
      ],
      ['no measure', { cube: 'deals', measures: [] }, 'query.measures', /at least one/],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_case, q, field, message) => {
      const res = await gql(OLAP, { q });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(res.errors![0]!.message).toMatch(message);
    });

    it('refuses more than 100 rows', async () => {
      const res = await gql(OLAP, { q: { cube: 'deals', measures: ['wonDeals'] }, first: 101 });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    });
  });

  describe('customer intelligence', () => {
    /** Five customers buying in CHF (a currency no other test uses), so the quintiles are theirs alone. */
    const customers = [
      { id: randomUUID(), last: '2030-05-01', amounts: ['900.00'] },
      { id: randomUUID(), last: '2030-01-01', amounts: ['10.00', '10.00', '10.00'] },
      { id: randomUUID(), last: '2030-04-01', amounts: ['100.10', '0.20'] },
      { id: randomUUID(), last: '2030-03-01', amounts: ['1.00', '1.00', '1.00', '1.00', '1.00'] },
      { id: randomUUID(), last: '2030-02-01', amounts: ['50.00', '50.00', '50.00', '50.00', '50.00'].slice(1) },
    ];
    const INTELLIGENCE = `query($r: [_Any!]!, $currency: String!) { _entities(representations: $r) { ... on Customer { id intelligence {
      lifetimeValue { amount currency } rfm(currency: $currency) { recency frequency monetary segment purchases revenue { amount currency } } } } } }`;

    beforeAll(async () => {
      const won = (customerId: string, amount: string, currency: string, at: string, status: 'WON' | 'LOST' = 'WON') => {
        const d = {
          opportunityId: randomUUID(),
          customerId,
          name: 'Deal',
          amount: { amount, currency },
          closeDate: '2030-06-30',
          ownerId: null,
          partnerId: null,
          pipelineId: customerId,
          stageId: customerId,
          status,
          reason: 'test',
          closedBy: null,
          closedAt: at,
        };
        return status === 'WON' ? publish(OpportunityWon, d, { time: at }) : publish(OpportunityLost, d, { time: at });
      };
      const sent: string[] = [];
      for (const c of customers) {
        // The earlier wins in 2029, the last one on the customer's day.
        for (const [i, amount] of c.amounts.entries())
          sent.push(
            await won(c.id, amount, 'CHF', i === c.amounts.length - 1 ? `${c.last}T12:00:00.000Z` : `2029-12-0${i + 1}T12:00:00.000Z`),
          );
      }
      // Neither a lost deal nor another currency changes the CHF figures.
      sent.push(await won(customers[0]!.id, '1000.00', 'CHF', '2030-06-01T12:00:00.000Z', 'LOST'));
      sent.push(await won(customers[2]!.id, '5.00', 'EUR', '2030-06-01T12:00:00.000Z'));
      // Every one of them: each customer's events go to its own partition, so the last one sent
      // being applied says nothing about the other customers' (the quintiles came out shifted).
      await eventually(async () =>
        expect(
          (await sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])', [WAREHOUSE_GROUP_ID, sent])).length,
        ).toBe(sent.length),
      );
    });

    it('scores recency, frequency and monetary in quintiles and names the segment, as checked by hand', async () => {
      const res = await gql<{ _entities: { id: string; intelligence: { rfm: Record<string, unknown> | null } }[] }>(INTELLIGENCE, {
        r: customers.map((c) => ({ __typename: 'Customer', id: c.id })),
        currency: 'CHF',
      });
      expect(res.errors).toBeUndefined();
      // Recency by the last win (Jan 1 ... May 5), frequency by wins (1 ... 5), monetary by revenue (5.00 ... 900.00).
      expect(res.data!._entities.map((e) => e.intelligence.rfm)).toEqual([
        {
          recency: 5,
          frequency: 1,
          monetary: 5,
          segment: 'Potential Loyalists',
          purchases: 1,
          revenue: { amount: '900.0000', currency: 'CHF' },
        },
        { recency: 1, frequency: 3, monetary: 2, segment: 'At Risk', purchases: 3, revenue: { amount: '30.0000', currency: 'CHF' } },
        {
          recency: 4,
          frequency: 2,
          monetary: 3,
          segment: 'Potential Loyalists',
          purchases: 2,
          revenue: { amount: '100.3000', currency: 'CHF' },
        },
        { recency: 3, frequency: 5, monetary: 1, segment: 'Need Attention', purchases: 5, revenue: { amount: '5.0000', currency: 'CHF' } },
        { recency: 2, frequency: 4, monetary: 4, segment: 'At Risk', purchases: 4, revenue: { amount: '200.0000', currency: 'CHF' } },
      ]);
    });

    it('answers the lifetime value per currency in exact decimals, and no RFM where the customer never bought in the currency', async () => {
      const res = await gql<{ _entities: { intelligence: { lifetimeValue: unknown[]; rfm: unknown } }[] }>(INTELLIGENCE, {
        r: [
          { __typename: 'Customer', id: customers[2]!.id },
          { __typename: 'Customer', id: customers[0]!.id },
          { __typename: 'Customer', id: randomUUID() },
        ],
        currency: 'EUR',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((e) => e.intelligence)).toEqual([
        {
          lifetimeValue: [
            { amount: '100.3000', currency: 'CHF' },
            { amount: '5.0000', currency: 'EUR' },
          ],
          rfm: expect.objectContaining({ purchases: 1 }),
        },
        { lifetimeValue: [{ amount: '900.0000', currency: 'CHF' }], rfm: null },
        { lifetimeValue: [], rfm: null },
      ]);
    });

    it('predicts the next 12 months as half the last 24 months of won revenue, discounted by the churn risk, per currency', async () => {
      const customerId = randomUUID();
      const monthsAgo = (n: number) => new Date(Date.now() - n * 30.5 * 86_400_000).toISOString();
      const deal = (amount: string, currency: string, at: string, won = true) => {
        const d = {
          opportunityId: randomUUID(),
          customerId,
          name: 'Deal',
          amount: { amount, currency },
          closeDate: at.slice(0, 10),
          ownerId: null,
          partnerId: null,
          pipelineId: customerId,
          stageId: customerId,
          status: won ? ('WON' as const) : ('LOST' as const),
          reason: 'test',
          closedBy: null,
          closedAt: at,
        };
        return won ? publish(OpportunityWon, d, { time: at }) : publish(OpportunityLost, d, { time: at });
      };
      // Counted: 1000.00 and 500.55 in SEK within 24 months, 80.00 in NOK. Not counted: a win 30
      // months ago, a lost deal, and a win dated ahead of now.
      const sent = [
        await deal('1000.00', 'SEK', monthsAgo(10)),
        await deal('500.55', 'SEK', monthsAgo(20)),
        await deal('80.00', 'NOK', monthsAgo(2)),
        await deal('9999.00', 'SEK', monthsAgo(30)),
        await deal('7777.00', 'SEK', monthsAgo(1), false),
        await deal('3333.00', 'SEK', new Date(Date.now() + 30 * 86_400_000).toISOString()),
      ];
      await eventually(async () =>
        expect(
          (await sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])', [WAREHOUSE_GROUP_ID, sent])).length,
        ).toBe(sent.length),
      );
      // Reckoned here from the score the same answer gives (the churn group scores the customer from
      // the same events, so the score is read, not assumed).
      await eventually(async () => {
        const res = await gql<{
          _entities: {
            intelligence: { predictedValue12Months: { amount: string; currency: string }[]; churnRisk: { score: string } | null };
          }[];
        }>(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { intelligence {
            predictedValue12Months { amount currency } churnRisk { score } } } } }`,
          { r: [{ __typename: 'Customer', id: customerId }] },
        );
        expect(res.errors).toBeUndefined();
        const { predictedValue12Months, churnRisk } = res.data!._entities[0]!.intelligence;
        const keep = new Decimal(1).minus(churnRisk?.score ?? 0);
        const expected = (won: string) => new Decimal(won).div(2).times(keep).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
        expect(predictedValue12Months).toEqual([
          { amount: expected('80.00'), currency: 'NOK' },
          { amount: expected('1500.55'), currency: 'SEK' },
        ]);
      });
    });

    it('refuses a currency that is no ISO code with BAD_USER_INPUT on currency', async () => {
      const res = await gql(INTELLIGENCE, { r: [{ __typename: 'Customer', id: customers[0]!.id }], currency: 'euro' });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    });
  });
});
