import { randomUUID } from 'node:crypto';
import {
  CaseOpened,
  CaseSlaBreached,
  CustomerCreated,
  CustomerUpdatedV2,
  LoyaltyTierChanged,
  OpportunityWon,
  SegmentDefined,
  SegmentDeleted,
  SegmentMemberJoined,
  SegmentMemberLeft,
} from '@crm/contracts';
import { customerSnapshot, useTestSubgraph } from '@crm/subgraph-testing';
import { eventually, itPagesWithCursors } from '@crm/testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';

const DAY = 86_400_000;
const GOLD_AT_RISK = {
  all: [
    { field: 'loyaltyTier', op: 'eq', value: 'Gold' },
    { field: 'churnRisk', op: 'gte', value: 0.7 },
  ],
};

interface SegmentShape {
  id: string;
  name: string;
  rule: string;
  memberCount: number;
  members: { edges: { node: { customer: { id: string } } }[] };
}
const SEGMENT = 'id name rule memberCount members(first: 100) { edges { node { customer { id } } } }';

describe('segments', () => {
  const analytics = useTestSubgraph(analyticsSubgraph);
  const { events } = analytics;

  const createSegment = (name: string, rule: unknown, as = analytics.gql) =>
    as<{ createSegment: SegmentShape }>(`mutation($i: CreateSegmentInput!) { createSegment(input: $i) { ${SEGMENT} } }`, {
      i: { name, rule: typeof rule === 'string' ? rule : JSON.stringify(rule) },
    });
  const segment = async (id: string): Promise<SegmentShape> => {
    const res = await analytics.gql<{ segment: SegmentShape }>(`query($id: ID!) { segment(id: $id) { ${SEGMENT} } }`, { id });
    expect(res.errors).toBeUndefined();
    return res.data!.segment;
  };
  const memberIds = async (id: string) => (await segment(id)).members.edges.map((e) => e.node.customer.id).sort();
  const segmentsOf = async (customerId: string) => {
    const res = await analytics.gql<{ _entities: { segments: { name: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { segments { name } } } }',
      { r: [{ __typename: 'Customer', id: customerId }] },
    );
    expect(res.errors).toBeUndefined();
    return res.data!._entities[0]!.segments.map((s) => s.name);
  };
  /** What analytics announced about this segment's memberships, from its outbox. */
  const announced = (segmentId: string) =>
    analytics.sql<{ type: string; customer: string }>(
      `SELECT type, data->>'customerId' AS customer FROM outbox WHERE type = ANY($2) AND data->>'segmentId' = $1 ORDER BY seq`,
      [segmentId, [SegmentMemberJoined.type, SegmentMemberLeft.type]],
    );

  /** A customer whose churn risk is 0.70 (100 days idle, two urgent cases, two SLA breaches) or 0.30 (idle only). */
  const customer = async (o: { loyaltyTier: string; atRisk: boolean; tier?: number }): Promise<string> => {
    const customerId = randomUUID();
    const past = new Date(Date.now() - 100 * DAY).toISOString();
    const now = new Date().toISOString();
    await events.send(CustomerCreated, { customerId, name: 'Initech', kind: 'COMPANY', createdAt: past }, { time: past });
    await events.send(LoyaltyTierChanged, { customerId, from: null, to: o.loyaltyTier, periodPoints: 600, changedAt: now });
    if (o.atRisk) {
      for (let i = 0; i < 2; i++) {
        const caseId = randomUUID();
        const c = { caseId, customerId, subject: 'Outage', productId: null };
        await events.send(CaseOpened, { ...c, priority: 'URGENT', status: 'NEW', openedAt: now }, { time: now });
        await events.send(CaseSlaBreached, {
          ...c,
          target: 'RESOLUTION',
          priority: 'URGENT',
          dueAt: now,
          escalationLevel: 1,
          queueId: null,
          breachedAt: now,
        });
      }
    }
    return customerId;
  };

  describe('listed by name', () => {
    const names = ['Paged A', 'Paged B', 'Paged C'];
    itPagesWithCursors({
      gql: () => analytics.gql,
      field: 'segments',
      label: 'name',
      seed: async () => {
        for (const name of [...names].reverse())
          expect((await createSegment(name, { field: 'tier', op: 'eq', value: 99 })).errors).toBeUndefined();
      },
      orders: { NAME: names },
    });
  });

  it('refuses a rule outside the language naming its path, a taken name, and callers other than admins and marketing', async () => {
    const refused = async (rule: unknown, field: string) => {
      const res = await createSegment(`Bad ${randomUUID()}`, rule);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    };
    await refused(
      {
        all: [
          { field: 'tier', op: 'eq', value: 1 },
          { field: 'shoeSize', op: 'eq', value: 1 },
        ],
      },
      'rule.all.1.field',
    );
    await refused({ field: 'churnRisk', op: 'like', value: 0.7 }, 'rule.op');
    await refused({ any: [{ field: 'churnRisk', op: 'gte', value: 'high' }] }, 'rule.any.0.value');
    await refused('{"all": [', 'rule');
    expect(await analytics.sql("SELECT 1 FROM segments.segment WHERE name LIKE 'Bad %'")).toEqual([]);

    const name = `Taken ${randomUUID()}`;
    expect((await createSegment(name, { field: 'tier', op: 'eq', value: 1 })).errors).toBeUndefined();
    expect((await createSegment(name.toUpperCase(), { field: 'tier', op: 'eq', value: 2 })).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    });

    const sales = analytics.gqlAs({ roles: ['sales'], userId: randomUUID() });
    expect((await createSegment(`Sales ${randomUUID()}`, { field: 'tier', op: 'eq', value: 1 }, sales)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const marketing = analytics.gqlAs({ roles: ['marketing'], userId: randomUUID() });
    expect((await createSegment(`Marketing ${randomUUID()}`, { field: 'tier', op: 'eq', value: 1 }, marketing)).errors).toBeUndefined();
  });

  it('keeps "gold tier, churn risk ≥ 0.7" to exactly its members as events change them, and announces only real changes', async () => {
    const created = await createSegment(`Gold at risk ${randomUUID()}`, GOLD_AT_RISK);
    expect(created.errors).toBeUndefined();
    const id = created.data!.createSegment.id;
    expect(JSON.parse(created.data!.createSegment.rule)).toEqual({
      all: [
        { field: 'loyaltyTier', op: 'eq', value: 'Gold' },
        { field: 'churnRisk', op: 'gte', value: '0.7' },
      ],
    });

    const goldAtRisk = await customer({ loyaltyTier: 'Gold', atRisk: true });
    const goldSafe = await customer({ loyaltyTier: 'Gold', atRisk: false });
    const silverAtRisk = await customer({ loyaltyTier: 'Silver', atRisk: true });
    // Incrementally, as each customer's events arrive: the churn score (churn risk's group) and the tier (segments' own).
    await eventually(async () => {
      const scores = await analytics.sql<{ customer_id: string; score: string }>(
        'SELECT customer_id, score::text AS score FROM intelligence.churn_risk WHERE customer_id = ANY($1) ORDER BY score',
        [[goldAtRisk, goldSafe, silverAtRisk]],
      );
      expect(scores.map((s) => s.score)).toEqual(['0.3000', '0.7000', '0.7000']);
      expect(
        await analytics.sql('SELECT 1 FROM segments.customer_attribute WHERE customer_id = ANY($1) AND loyalty_tier IS NOT NULL', [
          [goldAtRisk, goldSafe, silverAtRisk],
        ]),
      ).toHaveLength(3);
    });
    await eventually(async () => expect(await memberIds(id)).toEqual([goldAtRisk]));
    expect((await segment(id)).memberCount).toBe(1);
    expect(await segmentsOf(goldAtRisk)).toContain(created.data!.createSegment.name);
    expect(await segmentsOf(goldSafe)).toEqual([]);
    expect(await announced(id)).toEqual([{ type: SegmentMemberJoined.type, customer: goldAtRisk }]);

    // A recompute that changes nothing stores and announces nothing.
    const recompute = () =>
      analytics.gql<{ recomputeSegment: { joined: number; left: number; segment: { memberCount: number } } }>(
        'mutation($id: ID!) { recomputeSegment(id: $id) { joined left segment { memberCount } } }',
        { id },
      );
    expect((await recompute()).data?.recomputeSegment).toEqual({ joined: 0, left: 0, segment: { memberCount: 1 } });
    expect(await announced(id)).toHaveLength(1);

    // Silver is promoted: it joins; the gold customer drops to silver: it leaves.
    await events.send(LoyaltyTierChanged, {
      customerId: silverAtRisk,
      from: 'Silver',
      to: 'Gold',
      periodPoints: 900,
      changedAt: new Date().toISOString(),
    });
    await events.send(LoyaltyTierChanged, {
      customerId: goldAtRisk,
      from: 'Gold',
      to: 'Silver',
      periodPoints: 100,
      changedAt: new Date().toISOString(),
    });
    await eventually(async () => expect(await memberIds(id)).toEqual([silverAtRisk]));
    const moves = await announced(id);
    // Two customers' events: each customer's in order, the two in either.
    expect(moves).toHaveLength(3);
    expect(moves.slice(1)).toEqual(
      expect.arrayContaining([
        { type: SegmentMemberJoined.type, customer: silverAtRisk },
        { type: SegmentMemberLeft.type, customer: goldAtRisk },
      ]),
    );

    // A new rule recomputes at once: by sales' tier now (customer.updated.v2 carries it).
    await events.send(CustomerUpdatedV2, {
      customerId: goldSafe,
      changes: [{ field: 'tier', old: null, new: 1 }],
      customer: customerSnapshot({ name: 'Initech', tier: 1, industry: 'Manufacturing', country: 'de' }),
      updatedBy: null,
      updatedAt: new Date().toISOString(),
    });
    await eventually(async () =>
      expect(await analytics.sql('SELECT tier, country FROM segments.customer_attribute WHERE customer_id = $1', [goldSafe])).toEqual([
        { tier: 1, country: 'DE' },
      ]),
    );
    const updated = await analytics.gql<{ updateSegment: SegmentShape }>(
      `mutation($i: UpdateSegmentInput!) { updateSegment(input: $i) { ${SEGMENT} } }`,
      {
        i: {
          id,
          rule: JSON.stringify({
            all: [
              { field: 'tier', op: 'eq', value: 1 },
              { field: 'country', op: 'in', value: ['DE'] },
            ],
          }),
        },
      },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateSegment.members.edges.map((e) => e.node.customer.id)).toEqual([goldSafe]);
    expect((await announced(id)).slice(3)).toEqual([
      { type: SegmentMemberJoined.type, customer: goldSafe },
      { type: SegmentMemberLeft.type, customer: silverAtRisk },
    ]);

    // Deleted: every member leaves, announced, and the deletion is announced for a replay to follow.
    const deleted = await analytics.gql<{ deleteSegment: { id: string } }>('mutation($id: ID!) { deleteSegment(id: $id) { id } }', { id });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data?.deleteSegment.id).toBe(id);
    expect((await announced(id)).slice(5)).toEqual([{ type: SegmentMemberLeft.type, customer: goldSafe }]);
    const definitions = await analytics.sql<{ type: string }>(`SELECT type FROM outbox WHERE subject = $1 ORDER BY seq`, [id]);
    expect(definitions.map((d) => d.type)).toEqual([SegmentDefined.type, SegmentDefined.type, SegmentDeleted.type]);
    const gone = await analytics.gql<{ segment: null }>('query($id: ID!) { segment(id: $id) { id } }', { id });
    expect(gone.data?.segment).toBeNull();
    expect(
      (await analytics.gql('mutation($id: ID!) { recomputeSegment(id: $id) { joined } }', { id })).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
  });

  it("pages a segment's members by customer id", async () => {
    const ids = await Promise.all([0, 1, 2].map(() => customer({ loyaltyTier: 'Platinum', atRisk: false })));
    await eventually(async () =>
      expect(await analytics.sql("SELECT 1 FROM segments.customer_attribute WHERE loyalty_tier = 'Platinum'")).toHaveLength(3),
    );
    const id = (await createSegment(`Platinum ${randomUUID()}`, { field: 'loyaltyTier', op: 'eq', value: 'Platinum' })).data!.createSegment
      .id;
    const walked: string[] = [];
    let after: string | null = null;
    type Page = {
      segment: { members: { edges: { node: { customer: { id: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    };
    const PAGE =
      'query($id: ID!, $after: String) { segment(id: $id) { members(first: 2, after: $after) { edges { node { customer { id } } } pageInfo { hasNextPage endCursor } } } }';
    for (;;) {
      const res = await analytics.gql<Page>(PAGE, { id, after });
      const page: Page['segment']['members'] = res.data!.segment.members;
      walked.push(...page.edges.map((e) => e.node.customer.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(walked).toEqual([...ids].sort());
  });

  it('takes the RFM segment in a currency, as Customer.intelligence.rfm names it, and refuses a segment name it does not know', async () => {
    // Five buyers in a currency no other test uses, ids in order, so every tie breaks the same way:
    // buyer i won one deal of i × 100 on day i, so its recency, frequency (ties by id) and monetary
    // quintiles are all i: buyer 5 is a Champion (R5, FM5), buyer 4 a Loyal Customer (R4, FM4),
    // buyer 3 Needs Attention, buyer 2 is Hibernating, buyer 1 Lost.
    const buyers = [0, 1, 2, 3, 4].map(() => randomUUID()).sort();
    for (const [i, customerId] of buyers.entries()) {
      const at = new Date(Date.UTC(2025, 0, i + 1, 9)).toISOString();
      await events.send(CustomerCreated, { customerId, name: `Buyer ${i + 1}`, kind: 'COMPANY', createdAt: at }, { time: at });
      await events.send(
        OpportunityWon,
        {
          opportunityId: randomUUID(),
          customerId,
          name: 'Deal',
          amount: { amount: `${(i + 1) * 100}.00`, currency: 'SEK' },
          closeDate: at.slice(0, 10),
          ownerId: null,
          partnerId: null,
          pipelineId: randomUUID(),
          stageId: randomUUID(),
          status: 'WON',
          reason: 'fit',
          closedBy: null,
          closedAt: at,
        },
        { time: at },
      );
    }
    await eventually(async () => {
      expect(await analytics.sql("SELECT 1 FROM warehouse.fact_deal WHERE currency = 'SEK'")).toHaveLength(5);
      expect(await analytics.sql('SELECT 1 FROM segments.customer_attribute WHERE customer_id = ANY($1)', [buyers])).toHaveLength(5);
    });

    const best = await createSegment(`Best buyers ${randomUUID()}`, {
      field: 'rfmSegment',
      currency: 'SEK',
      op: 'in',
      value: [' champions', 'Loyal Customers'],
    });
    expect(best.errors).toBeUndefined();
    expect(JSON.parse(best.data!.createSegment.rule)).toEqual({
      field: 'rfmSegment',
      currency: 'SEK',
      op: 'in',
      value: ['Champions', 'Loyal Customers'],
    });
    expect(await memberIds(best.data!.createSegment.id)).toEqual([buyers[3], buyers[4]].sort());
    const lost = await createSegment(`Lost or unscored ${randomUUID()}`, {
      any: [
        { field: 'rfmSegment', currency: 'SEK', op: 'eq', value: 'Lost' },
        { all: [{ not: { field: 'rfmSegment', currency: 'SEK', op: 'isSet', value: true } }, { field: 'tier', op: 'eq', value: 77 }] },
      ],
    });
    expect(lost.errors).toBeUndefined();
    expect(await memberIds(lost.data!.createSegment.id)).toEqual([buyers[0]]);

    // The same names the customer's own RFM field gives.
    const rfm = await analytics.gql<{ _entities: { intelligence: { rfm: { segment: string } | null } }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { intelligence { rfm(currency: "SEK") { segment } } } } }',
      { r: buyers.map((id) => ({ __typename: 'Customer', id })) },
    );
    expect(rfm.errors).toBeUndefined();
    expect(rfm.data!._entities.map((e) => e.intelligence.rfm?.segment)).toEqual([
      'Lost',
      'Hibernating',
      'Need Attention',
      'Loyal Customers',
      'Champions',
    ]);

    const refused = await createSegment(`Bad ${randomUUID()}`, { field: 'rfmSegment', currency: 'SEK', op: 'eq', value: 'Gold' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rule.value' });
    expect(refused.errors?.[0]?.message).toContain('"Gold" is not one of the rfmSegment values: Champions, Loyal Customers');
  });
});
