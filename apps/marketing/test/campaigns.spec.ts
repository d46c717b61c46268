import { randomUUID } from 'node:crypto';
import { ContactAdded, SegmentDefined, SegmentMemberJoined, SegmentMemberLeft } from '@crm/contracts';
import { eventually, itPagesWithCursors, type GqlResponse } from '@crm/testing';
import { startEventSender, useTestSubgraph } from '@crm/subgraph-testing';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface CampaignView {
  id: string;
  name: string;
  type: string;
  status: string;
  startDate: string | null;
  endDate: string | null;
  budget: { amount: string; currency: string } | null;
  actualCost: { amount: string; currency: string } | null;
  parentId: string | null;
  parent: { id: string } | null;
}

const FIELDS = 'id name type status startDate endDate budget { amount currency } actualCost { amount currency } parentId parent { id }';
const CREATE = `mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($i: UpdateCampaignInput!) { updateCampaign(input: $i) { ${FIELDS} } }`;
const ADD = `mutation($i: AddCampaignMembersInput!) { addCampaignMembers(input: $i) { added alreadyMembers } }`;
const SET = `mutation($i: SetCampaignMemberStatusInput!) { setCampaignMemberStatus(input: $i) { personId status } }`;
const MEMBERS = `query($id: ID!, $s: CampaignMemberStatus) { campaign(id: $id) { members(first: 100, filter: { status: $s }) {
  edges { node { personKind personId email name customerId status } } } } }`;

describe('campaigns', () => {
  const marketing = useTestSubgraph(marketingSubgraph);
  const { gql } = marketing;
  const ok = async <T>(res: Promise<GqlResponse<T>>): Promise<T> => {
    const r = await res;
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const create = async (i: Record<string, unknown> = {}) =>
    (await ok(gql<{ createCampaign: CampaignView }>(CREATE, { i: { name: `Campaign ${randomUUID()}`, type: 'EMAIL', ...i } })))
      .createCampaign;
  const members = async (id: string, s?: string) =>
    (
      await ok(gql<{ campaign: { members: { edges: { node: Record<string, unknown> }[] } } }>(MEMBERS, { id, s }))
    ).campaign.members.edges.map((e) => e.node);
  const refusal = (res: GqlResponse<unknown>) => ({ data: res.data, ...res.errors?.[0]?.extensions, requestId: undefined });

  it('creates a campaign with its dates, budget and cost as Money, under a parent, and publishes campaign.created.v2 with its costs', async () => {
    const parent = await create({ name: 'Spring 2031', type: 'CONTENT' });
    const c = await create({
      name: ' Spring webinar ',
      type: 'WEBINAR',
      status: 'ACTIVE',
      startDate: '2031-03-01',
      endDate: '2031-03-31',
      budget: { amount: '5000.50', currency: 'EUR' },
      actualCost: { amount: '120', currency: 'EUR' },
      parentId: parent.id,
    });
    expect(c).toMatchObject({
      name: 'Spring webinar',
      type: 'WEBINAR',
      status: 'ACTIVE',
      startDate: '2031-03-01',
      endDate: '2031-03-31',
      budget: { amount: '5000.5', currency: 'EUR' },
      actualCost: { amount: '120', currency: 'EUR' },
      parentId: parent.id,
      parent: { id: parent.id },
    });
    const read = await ok(gql<{ campaign: CampaignView }>(`query($id: ID!) { campaign(id: $id) { ${FIELDS} } }`, { id: c.id }));
    expect(read.campaign).toEqual(c);
    const [event] = await marketing.sql<{ data: { parentId: string; campaignType: string } }>(
      `SELECT data FROM outbox WHERE type = 'crm.marketing.campaign.created.v2' AND data->>'campaignId' = $1`,
      [c.id],
    );
    expect(event!.data).toMatchObject({
      parentId: parent.id,
      campaignType: 'WEBINAR',
      budget: { amount: '5000.5', currency: 'EUR' },
      actualCost: { amount: '120', currency: 'EUR' },
    });
  });

  it('updates what is given, clears what is null, and refuses a parent that would make a cycle', async () => {
    const top = await create();
    const middle = await create({ parentId: top.id });
    const bottom = await create({ parentId: middle.id, budget: { amount: '10', currency: 'USD' } });

    const cycle = await gql(UPDATE, { i: { id: top.id, parentId: bottom.id } });
    expect(refusal(cycle)).toMatchObject({ data: null, code: 'BAD_USER_INPUT', field: 'parentId' });
    const self = await gql(UPDATE, { i: { id: top.id, parentId: top.id } });
    expect(refusal(self)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    expect(
      (await marketing.sql<{ parent_id: string | null }>(`SELECT parent_id FROM campaign WHERE id = $1`, [top.id]))[0]!.parent_id,
    ).toBeNull();

    const moved = (
      await ok(gql<{ updateCampaign: CampaignView }>(UPDATE, { i: { id: bottom.id, parentId: top.id, budget: null, status: 'COMPLETED' } }))
    ).updateCampaign;
    expect(moved).toMatchObject({ parentId: top.id, budget: null, status: 'COMPLETED', name: bottom.name });
    const [event] = await marketing.sql<{ data: Record<string, unknown> }>(
      `SELECT data FROM outbox WHERE type = 'crm.marketing.campaign.updated.v2' AND data->>'campaignId' = $1`,
      [bottom.id],
    );
    // The campaign after the change: the budget cleared, no cost ever set.
    expect(event!.data).toMatchObject({
      changed: ['status', 'budget', 'parentId'],
      name: bottom.name,
      status: 'COMPLETED',
      parentId: top.id,
      budget: null,
      actualCost: null,
    });
  });

  describe('refuses, naming the field, and writes nothing', () => {
    const cases: [string, () => Promise<GqlResponse<unknown>>, string, string][] = [
      [
        'an end before the start',
        () => gql(CREATE, { i: { name: 'x', type: 'EMAIL', startDate: '2031-02-02', endDate: '2031-02-01' } }),
        'BAD_USER_INPUT',
        'endDate',
      ],
      [
        'a date that is not one',
        () => gql(CREATE, { i: { name: 'x', type: 'EMAIL', startDate: '2031-02-30' } }),
        'BAD_USER_INPUT',
        'startDate',
      ],
      [
        'a cost in another currency than the budget',
        () =>
          gql(CREATE, {
            i: { name: 'x', type: 'EMAIL', budget: { amount: '1', currency: 'EUR' }, actualCost: { amount: '1', currency: 'USD' } },
          }),
        'BAD_USER_INPUT',
        'actualCost.currency',
      ],
      [
        'a negative budget',
        () => gql(CREATE, { i: { name: 'x', type: 'EMAIL', budget: { amount: '-1', currency: 'EUR' } } }),
        'BAD_USER_INPUT',
        'budget.amount',
      ],
      [
        'a float amount',
        () => gql(CREATE, { i: { name: 'x', type: 'EMAIL', budget: { amount: '1.23456', currency: 'EUR' } } }),
        'BAD_USER_INPUT',
        'budget.amount',
      ],
      [
        'a parent that does not exist',
        () => gql(CREATE, { i: { name: 'x', type: 'EMAIL', parentId: randomUUID() } }),
        'NOT_FOUND',
        'parentId',
      ],
      ['a blank name', () => gql(CREATE, { i: { name: '  ', type: 'EMAIL' } }), 'BAD_USER_INPUT', 'name'],
      ['an update of a campaign that does not exist', () => gql(UPDATE, { i: { id: randomUUID(), name: 'y' } }), 'NOT_FOUND', 'id'],
      ['an update setting the name to null', () => gql(UPDATE, { i: { id: randomUUID(), name: null } }), 'BAD_USER_INPUT', 'name'],
    ];
    it.each(cases)('%s', async (_name, send, code, field) => {
      const before = await marketing.count('campaign');
      expect(refusal(await send())).toMatchObject({ data: null, code, field });
      expect(await marketing.count('campaign')).toBe(before);
    });
  });

  describe('members', () => {
    it('adds leads and contacts by id as TARGETED, once each, and publishes member-changed per person added', async () => {
      const campaign = await create();
      const customerId = marketing.customers.add();
      const lead = await marketing.ctx.newLead({ customerId, name: 'Ada Lovelace', company: 'Engines' });
      const contactId = randomUUID();
      const people = [
        { kind: 'LEAD', id: lead.id },
        { kind: 'CONTACT', id: contactId, email: 'Pat@Example.com', customerId },
      ];
      expect((await ok(gql<{ addCampaignMembers: unknown }>(ADD, { i: { campaignId: campaign.id, people } }))).addCampaignMembers).toEqual({
        added: 2,
        alreadyMembers: 0,
      });
      expect((await ok(gql<{ addCampaignMembers: unknown }>(ADD, { i: { campaignId: campaign.id, people } }))).addCampaignMembers).toEqual({
        added: 0,
        alreadyMembers: 2,
      });
      expect(await members(campaign.id)).toEqual(
        expect.arrayContaining([
          { personKind: 'LEAD', personId: lead.id, email: lead.email, name: 'Ada Lovelace', customerId, status: 'TARGETED' },
          { personKind: 'CONTACT', personId: contactId, email: 'pat@example.com', name: null, customerId, status: 'TARGETED' },
        ]),
      );
      const events = await marketing.sql<{ subject: string; data: { from: null; to: string } }>(
        `SELECT subject, data FROM outbox WHERE type = 'crm.marketing.campaign.member-changed.v1' AND data->>'campaignId' = $1`,
        [campaign.id],
      );
      expect(events).toHaveLength(2);
      expect(events.every((e) => e.subject === customerId && e.data.from === null && e.data.to === 'TARGETED')).toBe(true);
    });

    it('adds the leads a filter matches', async () => {
      const domain = `filter-${Date.now()}.test`;
      for (const n of [1, 2, 3]) await marketing.ctx.newLead({ email: `p${n}@${domain}` });
      await marketing.ctx.newLead({ email: `p4@other-${domain}` });
      const campaign = await create();
      const res = await ok(
        gql<{ addCampaignMembers: unknown }>(ADD, {
          i: { campaignId: campaign.id, leadFilter: { emailDomain: domain.toUpperCase(), statuses: ['NEW'] } },
        }),
      );
      expect(res.addCampaignMembers).toEqual({ added: 3, alreadyMembers: 0 });
      // One batch: its members share a time, so their order among themselves is not the test's to fix.
      expect((await members(campaign.id)).map((m) => m.email).sort()).toEqual([`p1@${domain}`, `p2@${domain}`, `p3@${domain}`]);
    });

    it("adds an analytics segment's audience: the contacts with an address of exactly the customers in it now", async () => {
      const events = await startEventSender(marketing.brokers);
      try {
        const [inside, alsoInside, leftAgain, outside] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        const contactOf = new Map([inside, alsoInside, leftAgain, outside].map((c) => [c, randomUUID()]));
        const at = new Date().toISOString();
        for (const [customerId, contactId] of contactOf) {
          await events.send(ContactAdded, { contactId, customerId, fullName: 'Pat', email: `Pat-${contactId}@Example.com`, createdAt: at });
        }
        // A contact without an address is nobody to write to.
        await events.send(ContactAdded, { contactId: randomUUID(), customerId: inside, fullName: 'No mail', email: null, createdAt: at });
        const segmentId = randomUUID();
        await events.send(SegmentDefined, { segmentId, name: 'Gold at risk', description: null, rule: {}, definedBy: null, definedAt: at });
        const member = { segmentId, segmentName: 'Gold at risk', at };
        for (const customerId of [inside, alsoInside, leftAgain]) await events.send(SegmentMemberJoined, { ...member, customerId });
        await events.send(SegmentMemberLeft, { ...member, customerId: leftAgain });
        await eventually(async () => {
          expect(await marketing.sql('SELECT 1 FROM audience_segment_member WHERE segment_id = $1', [segmentId])).toHaveLength(2);
          expect(await marketing.sql('SELECT 1 FROM audience_contact WHERE customer_id = ANY($1)', [[...contactOf.keys()]])).toHaveLength(
            5,
          );
        });

        const campaign = await create();
        const res = await ok(gql<{ addCampaignMembers: unknown }>(ADD, { i: { campaignId: campaign.id, segmentId } }));
        expect(res.addCampaignMembers).toEqual({ added: 2, alreadyMembers: 0 });
        const added = (await members(campaign.id)).map((m) => [m.customerId, m.personId, m.personKind, m.email]);
        expect(added.sort()).toEqual(
          [inside, alsoInside].map((c) => [c, contactOf.get(c), 'CONTACT', `pat-${contactOf.get(c)}@example.com`]).sort(),
        );
      } finally {
        await events.close();
      }
    });

    it('records registrations and attendance on an event campaign, only forward, and refuses them elsewhere', async () => {
      const event = await create({ type: 'EVENT' });
      const email = await create({ type: 'EMAIL' });
      const lead = await marketing.ctx.newLead();
      for (const c of [event, email]) await ok(gql(ADD, { i: { campaignId: c.id, people: [{ kind: 'LEAD', id: lead.id }] } }));
      const set = (campaignId: string, status: string) =>
        gql<{ setCampaignMemberStatus: { status: string } }>(SET, { i: { campaignId, personId: lead.id, status } });

      expect((await set(event.id, 'REGISTERED')).data!.setCampaignMemberStatus.status).toBe('REGISTERED');
      expect((await set(event.id, 'ATTENDED')).data!.setCampaignMemberStatus.status).toBe('ATTENDED');
      expect((await set(event.id, 'RESPONDED')).data!.setCampaignMemberStatus.status).toBe('ATTENDED');
      expect(await members(event.id, 'ATTENDED')).toHaveLength(1);
      const moves = await marketing.sql<{ from: string; to: string }>(
        `SELECT data->>'from' AS "from", data->>'to' AS "to" FROM outbox
         WHERE type = 'crm.marketing.campaign.member-changed.v1' AND data->>'campaignId' = $1 ORDER BY seq`,
        [event.id],
      );
      expect(moves).toEqual([
        { from: null, to: 'TARGETED' },
        { from: 'TARGETED', to: 'REGISTERED' },
        { from: 'REGISTERED', to: 'ATTENDED' },
      ]);

      expect(refusal(await set(email.id, 'ATTENDED'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
      expect(refusal(await set(email.id, 'OPENED'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
      expect(refusal(await gql(SET, { i: { campaignId: email.id, personId: randomUUID(), status: 'RESPONDED' } }))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'personId',
      });
    });

    it('counts members at every status, zeros included, for each campaign asked about; an empty filter lists them all', async () => {
      const [event, other] = [await create({ type: 'EVENT' }), await create()];
      const leads = [await marketing.ctx.newLead(), await marketing.ctx.newLead(), await marketing.ctx.newLead()];
      await ok(gql(ADD, { i: { campaignId: event.id, people: leads.map((l) => ({ kind: 'LEAD', id: l.id })) } }));
      await ok(gql(ADD, { i: { campaignId: other.id, people: [{ kind: 'LEAD', id: leads[0]!.id }] } }));
      await ok(gql(SET, { i: { campaignId: event.id, personId: leads[1]!.id, status: 'REGISTERED' } }));
      type Counts = { memberCounts: { status: string; count: number }[]; members: { edges: unknown[] } };
      const both = await ok(
        gql<{ a: Counts; b: Counts }>(
          `query($a: ID!, $b: ID!) {
            a: campaign(id: $a) { memberCounts { status count } members(first: 100, filter: {}) { edges { cursor } } }
            b: campaign(id: $b) { memberCounts { status count } members(first: 100, filter: {}) { edges { cursor } } }
          }`,
          { a: event.id, b: other.id },
        ),
      );
      const statuses = ['TARGETED', 'SENT', 'OPENED', 'CLICKED', 'RESPONDED', 'REGISTERED', 'ATTENDED', 'UNSUBSCRIBED', 'BOUNCED'];
      const expected = (given: Record<string, number>) => statuses.map((status) => ({ status, count: given[status] ?? 0 }));
      expect(both.a.memberCounts).toEqual(expected({ TARGETED: 2, REGISTERED: 1 }));
      expect(both.b.memberCounts).toEqual(expected({ TARGETED: 1 }));
      expect([both.a.members.edges.length, both.b.members.edges.length]).toEqual([3, 1]);
    });

    describe('refuses, naming the field, and adds no one', () => {
      const cases: [string, () => Promise<Record<string, unknown>>, string, string][] = [
        ['a campaign that does not exist', async () => ({ campaignId: randomUUID(), leadFilter: {} }), 'NOT_FOUND', 'campaignId'],
        [
          'both people and a filter',
          async () => ({ campaignId: (await create()).id, leadFilter: {}, people: [{ kind: 'LEAD', id: randomUUID() }] }),
          'BAD_USER_INPUT',
          'people',
        ],
        ['neither', async () => ({ campaignId: (await create()).id }), 'BAD_USER_INPUT', 'people'],
        [
          'a filter and a segment',
          async () => ({ campaignId: (await create()).id, leadFilter: {}, segmentId: randomUUID() }),
          'BAD_USER_INPUT',
          'people',
        ],
        [
          'a segment marketing never heard of',
          async () => ({ campaignId: (await create()).id, segmentId: randomUUID() }),
          'NOT_FOUND',
          'segmentId',
        ],
        ['an empty list', async () => ({ campaignId: (await create()).id, people: [] }), 'BAD_USER_INPUT', 'people'],
        [
          'a lead that does not exist',
          async () => ({ campaignId: (await create()).id, people: [{ kind: 'LEAD', id: randomUUID() }] }),
          'NOT_FOUND',
          'people.0.id',
        ],
        [
          'a malformed domain',
          async () => ({ campaignId: (await create()).id, leadFilter: { emailDomain: 'a b' } }),
          'BAD_USER_INPUT',
          'leadFilter.emailDomain',
        ],
        [
          'a completed campaign',
          async () => ({ campaignId: (await create({ status: 'COMPLETED' })).id, leadFilter: {} }),
          'BAD_USER_INPUT',
          'campaignId',
        ],
      ];
      it.each(cases)('%s', async (_name, input, code, field) => {
        const i = await input();
        const before = await marketing.count('campaign_member');
        expect(refusal(await gql(ADD, { i }))).toMatchObject({ data: null, code, field });
        expect(await marketing.count('campaign_member')).toBe(before);
      });
    });

    let pagedCampaign = '';
    itPagesWithCursors({
      gql: () => gql,
      field: 'members',
      on: { typename: 'Campaign', id: () => pagedCampaign },
      label: 'email',
      seed: async () => {
        pagedCampaign = (await create()).id;
        for (const n of [1, 2, 3, 4, 5]) {
          const lead = await marketing.ctx.newLead({ email: `member${n}@paging.test` });
          await ok(gql(ADD, { i: { campaignId: pagedCampaign, people: [{ kind: 'LEAD', id: lead.id }] } }));
        }
      },
      orders: { ADDED_AT_ASC: [1, 2, 3, 4, 5].map((n) => `member${n}@paging.test`) },
    });
  });

  itPagesWithCursors({
    gql: () => gql,
    field: 'campaigns',
    filterType: 'CampaignFilter',
    filter: { type: 'PAID_ADS' },
    label: 'name',
    seed: async () => {
      for (const name of ['ads-1', 'ads-2', 'ads-3']) await create({ name, type: 'PAID_ADS' });
    },
    orders: { CREATED_AT_DESC: ['ads-3', 'ads-2', 'ads-1'] },
  });
});
