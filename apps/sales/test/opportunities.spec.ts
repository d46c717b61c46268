import { SYSTEM_IDENTITY } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { OpportunityService } from '../src/opportunities/opportunity.service';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID, NEW_BUSINESS, opportunityInput, RENEWALS } from './deals.test-helper';

const OPPORTUNITY_TABLES = ['opportunity', 'opportunity_contact', 'opportunity_stage_change'];

describe('opportunities', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const { gql } = sales;
  const eventsOf = (opportunityId: string) =>
    sales.sql<{ type: string; subject: string; data: Record<string, unknown> }>(
      `SELECT type, subject, data FROM outbox WHERE data->>'opportunityId' = $1 ORDER BY seq`,
      [opportunityId],
    );
  const move = (id: string, stageId: string) =>
    gql<{ changeOpportunityStage: { stageId: string } }>(
      'mutation($i: ChangeOpportunityStageInput!) { changeOpportunityStage(input: $i) { stageId status } }',
      { i: { id, stageId } },
    );
  const close = (verb: 'win' | 'lose', id: string, reason: string) =>
    gql<Record<string, { status: string; stageId: string; closeReason: string; closedAt: string }>>(
      `mutation($i: CloseOpportunityInput!) { ${verb}Opportunity(input: $i) { status stageId closeReason closedAt } }`,
      { i: { id, reason } },
    );

  it('opens an opportunity with contacts and roles, in the first stage of the default pipeline, with its event', async () => {
    const customerId = await api.createCustomer('Globex');
    const ada = await api.addContact(customerId, 'Ada');
    const bob = await api.addContact(customerId, 'Bob');
    const partnerId = '5a1e5000-0000-4000-8000-000000000001';
    const created = await api.createOpportunity({
      customerId,
      name: 'Globex platform',
      amount: { amount: '125000', currency: 'eur' },
      partnerId,
      contacts: [
        { contactId: ada, role: 'DECISION_MAKER' },
        { contactId: bob, role: 'CHAMPION' },
      ],
    });
    expect(created).toMatchObject({ amount: { amount: '125000.00', currency: 'EUR' }, status: 'OPEN', stageId: NEW_BUSINESS.prospecting });

    const read = await api.ok<{ opportunity: Record<string, unknown> }>(
      `query($id: ID!) { opportunity(id: $id) {
         name closeDate partnerId probability forecastCategory
         customer { id name } pipeline { name } stage { name outcome }
         contacts { role contact { firstName } }
         stageHistory { fromStageId toStage { name } fromStatus toStatus changedAt }
       } }`,
      { id: created.id },
    );
    expect(read.opportunity).toMatchObject({
      name: 'Globex platform',
      closeDate: '2027-03-31',
      partnerId,
      probability: 10,
      forecastCategory: 'PIPELINE',
      customer: { id: customerId, name: 'Globex' },
      pipeline: { name: 'New business' },
      stage: { name: 'Prospecting', outcome: 'OPEN' },
      stageHistory: [{ fromStageId: null, toStage: { name: 'Prospecting' }, fromStatus: null, toStatus: 'OPEN' }],
    });
    expect(read.opportunity.contacts).toEqual(
      expect.arrayContaining([
        { role: 'DECISION_MAKER', contact: { firstName: 'Ada' } },
        { role: 'CHAMPION', contact: { firstName: 'Bob' } },
      ]),
    );

    const onCustomer = await api.ok<{ customer: { opportunities: { id: string }[] } }>(
      'query($id: ID!) { customer(id: $id) { opportunities { id } } }',
      { id: customerId },
    );
    expect(onCustomer.customer.opportunities).toEqual([{ id: created.id }]);

    expect(await eventsOf(created.id)).toEqual([
      {
        type: 'crm.sales.opportunity.created.v1',
        subject: customerId,
        data: expect.objectContaining({ amount: { amount: '125000.00', currency: 'EUR' }, partnerId, stageId: NEW_BUSINESS.prospecting }),
      },
    ]);
  });

  it('is idempotent on a caller-minted id: creating it again writes nothing', async () => {
    const customerId = await api.createCustomer('Initech');
    const id = 'b0b0b0b0-0000-4000-8000-000000000001';
    const first = await api.createOpportunity({ id, customerId, pipelineId: RENEWALS.id });
    const before = await api.footprint(OPPORTUNITY_TABLES);
    const again = await api.createOpportunity({ id, customerId, pipelineId: RENEWALS.id });
    expect(again).toEqual(first);
    expect(first.stageId).toBe(RENEWALS.due);
    expect(await api.footprint(OPPORTUNITY_TABLES)).toEqual(before);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['crm.sales.opportunity.created.v1']);

    const otherCustomer = await api.createCustomer('Not Initech');
    const res = await gql('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
      i: opportunityInput.build({ id, customerId: otherCustomer }),
    });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('moves through stages, is lost, reopened where it was, and won, keeping the full history and events', async () => {
    const customerId = await api.createCustomer('Umbrella');
    const { id } = await api.createOpportunity({ customerId });
    expect((await move(id, NEW_BUSINESS.proposal)).data!.changeOpportunityStage.stageId).toBe(NEW_BUSINESS.proposal);

    const lost = await close('lose', id, 'Went with a competitor');
    expect(lost.data!.loseOpportunity).toMatchObject({ status: 'LOST', stageId: NEW_BUSINESS.lost, closeReason: 'Went with a competitor' });
    expect(lost.data!.loseOpportunity!.closedAt).toEqual(expect.any(String));

    const reopened = await api.ok<{ reopenOpportunity: { status: string; stageId: string; closeReason: string | null } }>(
      'mutation($i: ReopenOpportunityInput!) { reopenOpportunity(input: $i) { status stageId closeReason } }',
      { i: { id } },
    );
    expect(reopened.reopenOpportunity).toEqual({ status: 'OPEN', stageId: NEW_BUSINESS.proposal, closeReason: null });

    expect((await close('win', id, 'Best fit')).data!.winOpportunity).toMatchObject({ status: 'WON', stageId: NEW_BUSINESS.won });

    const history = await api.ok<{
      opportunity: { stageHistory: { fromStatus: string | null; toStatus: string; toStage: { name: string } }[] };
    }>('query($id: ID!) { opportunity(id: $id) { stageHistory { fromStatus toStatus toStage { name } } } }', { id });
    expect(history.opportunity.stageHistory.map((h) => `${h.fromStatus}>${h.toStatus}:${h.toStage.name}`)).toEqual([
      'null>OPEN:Prospecting',
      'OPEN>OPEN:Proposal',
      'OPEN>LOST:Closed lost',
      'LOST>OPEN:Proposal',
      'OPEN>WON:Closed won',
    ]);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'crm.sales.opportunity.created.v1',
      'crm.sales.opportunity.stage-changed.v1',
      'crm.sales.opportunity.lost.v1',
      'crm.sales.opportunity.stage-changed.v1',
      'crm.sales.opportunity.won.v1',
    ]);
    expect(events.at(-1)!.data).toMatchObject({ status: 'WON', reason: 'Best fit', opportunityId: id, customerId });
    expect(new Set(events.map((e) => e.subject))).toEqual(new Set([customerId]));
  });

  it('updates the deal fields with an updated event, and writes nothing when nothing changes', async () => {
    const customerId = await api.createCustomer('Hooli');
    const { id } = await api.createOpportunity({ customerId, amount: { amount: '10', currency: 'USD' } });
    const update = (i: Record<string, unknown>) =>
      api.ok<{ updateOpportunity: { amount: { amount: string }; closeDate: string; ownerId: string } }>(
        'mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { amount { amount currency } closeDate ownerId } }',
        { i: { id, ...i } },
      );
    const ownerId = '0e0e0e0e-0000-4000-8000-000000000001';
    expect((await update({ amount: { amount: '12.345', currency: 'USD' }, closeDate: '2027-06-30', ownerId })).updateOpportunity).toEqual({
      amount: { amount: '12.345', currency: 'USD' },
      closeDate: '2027-06-30',
      ownerId,
    });
    const before = await api.footprint(OPPORTUNITY_TABLES);
    await update({ amount: { amount: '12.3450', currency: 'USD' }, ownerId });
    expect(await api.footprint(OPPORTUNITY_TABLES)).toEqual(before);
    const updated = (await eventsOf(id)).filter((e) => e.type === 'crm.sales.opportunity.updated.v2');
    expect(updated.map((e) => e.data.changed)).toEqual([['amount', 'amountSetByHand', 'closeDate', 'ownerId']]);
    expect(updated[0]!.data.changes).toContainEqual(expect.objectContaining({ field: 'ownerId', new: ownerId }));
  });

  describe('refuses bad input with BAD_USER_INPUT naming the field, writing nothing', () => {
    let customerId: string;
    let openId: string;
    let lostId: string;
    beforeAll(async () => {
      customerId = await api.createCustomer('Bad Input Ltd');
      openId = (await api.createOpportunity({ customerId })).id;
      lostId = (await api.createOpportunity({ customerId })).id;
      await close('lose', lostId, 'No budget');
    });

    const create = (overrides: Record<string, unknown>) => () =>
      gql('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
        i: { ...opportunityInput.build({ customerId }), ...overrides },
      });

    const update = (overrides: Record<string, unknown>) => () =>
      gql('mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { id } }', { i: { id: openId, ...overrides } });

    it.each<[string, () => () => Promise<unknown>, string]>([
      ['an explicit null name on update', () => update({ name: null }), 'name'],
      ['an explicit null close date on update', () => update({ closeDate: null }), 'closeDate'],
      ['an explicit null amount on update', () => update({ amount: null }), 'amount'],
      ['a NUL byte in the name', () => create({ name: 'Deal\u0000' }), 'name'],
      ['a lone surrogate in the name', () => update({ name: 'Deal \ud800' }), 'name'],
      ['a close date past what a date holds', () => create({ closeDate: '+275760-09-13' }), 'closeDate'],
      ['an unknown currency', () => create({ amount: { amount: '10.00', currency: 'XYZ' } }), 'amount.currency'],
      ['a float-like amount', () => create({ amount: { amount: '1e5', currency: 'EUR' } }), 'amount.amount'],
      ['a negative amount', () => create({ amount: { amount: '-5', currency: 'EUR' } }), 'amount.amount'],
      ['a malformed close date', () => create({ closeDate: '2027-02-30' }), 'closeDate'],
      ['a close date that is not a date', () => create({ closeDate: 'next week' }), 'closeDate'],
      ['a contact of another customer', () => create({ contacts: [{ contactId: MISSING_ID, role: 'CHAMPION' }] }), 'contacts.0.contactId'],
      ['opening in a stage of another pipeline', () => create({ pipelineId: RENEWALS.id, stageId: NEW_BUSINESS.proposal }), 'stageId'],
      ['a stage of another pipeline', () => () => move(openId, RENEWALS.due), 'stageId'],
      ['moving to a closing stage', () => () => move(openId, NEW_BUSINESS.won), 'stageId'],
      ['moving a closed opportunity', () => () => move(lostId, NEW_BUSINESS.proposal), 'id'],
      ['winning an opportunity that is already lost', () => () => close('win', lostId, 'Changed their mind'), 'id'],
      ['losing without a reason', () => () => close('lose', openId, '   '), 'reason'],
      ['a page larger than 100', () => () => gql('{ opportunities(first: 101) { edges { cursor } } }'), 'first'],
      [
        'a malformed close-date filter',
        () => () =>
          gql('query($f: OpportunityFilter) { opportunities(filter: $f) { edges { cursor } } }', { f: { closeDateFrom: '31/12/2026' } }),
        'closeDateFrom',
      ],
    ])('%s', async (_case, call, field) => {
      const before = await api.footprint(OPPORTUNITY_TABLES);
      const res = (await call()()) as { errors?: { extensions?: unknown }[] };
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await api.footprint(OPPORTUNITY_TABLES)).toEqual(before);
    });
  });

  it('answers NOT_FOUND for unknown ids, writing nothing', async () => {
    const customerId = await api.createCustomer('Known Co');
    const { id } = await api.createOpportunity({ customerId });
    const before = await api.footprint(OPPORTUNITY_TABLES);
    const calls = [
      gql('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
        i: opportunityInput.build({ customerId: MISSING_ID }),
      }),
      gql('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
        i: opportunityInput.build({ customerId, pipelineId: MISSING_ID }),
      }),
      move(MISSING_ID, NEW_BUSINESS.proposal),
      move(id, MISSING_ID),
      close('win', MISSING_ID, 'x'),
      gql('mutation { reopenOpportunity(input: { id: "00000000-0000-4000-8000-000000000000" }) { id } }'),
      gql('mutation { updateOpportunity(input: { id: "00000000-0000-4000-8000-000000000000", name: "x" }) { id } }'),
    ];
    for (const res of await Promise.all(calls)) expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(await api.footprint(OPPORTUNITY_TABLES)).toEqual(before);
    expect((await gql('query($id: ID!) { opportunity(id: $id) { id } }', { id: MISSING_ID })).data).toEqual({ opportunity: null });
  });

  it('lists with typed filters, sort orders and keyset cursors', async () => {
    const customerId = await api.createCustomer('Listing Inc');
    const owner = '0e0e0e0e-0000-4000-8000-0000000000aa';
    const partnerId = '5a1e5000-0000-4000-8000-0000000000aa';
    const amounts = ['300.00', '100.00', '250.50', '999.99'];
    const ids: string[] = [];
    for (const [i, amount] of amounts.entries()) {
      const o = await api.createOpportunity({
        customerId,
        ownerId: owner,
        amount: { amount, currency: 'EUR' },
        closeDate: `2028-0${i + 1}-15`,
        partnerId: i % 2 === 0 ? partnerId : null,
      });
      ids.push(o.id);
    }
    await move(ids[1]!, NEW_BUSINESS.negotiation);
    await close('win', ids[3]!, 'Signed');
    type Page = {
      opportunities: {
        edges: { node: { amount: { amount: string }; closeDate: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const list = (args: string, vars: Record<string, unknown> = {}) =>
      api.ok<Page>(
        `query($after: String, $f: OpportunityFilter) { opportunities(${args}, after: $after, filter: $f) { edges { node { amount { amount } closeDate } } pageInfo { hasNextPage endCursor } } }`,
        vars,
      );
    const amountsOf = (p: Page) => p.opportunities.edges.map((e) => e.node.amount.amount);
    const mine = { customerId };

    const firstPage = await list('first: 2, sort: AMOUNT_DESC', { f: mine });
    expect(amountsOf(firstPage)).toEqual(['999.99', '300.00']);
    const secondPage = await list('first: 2, sort: AMOUNT_DESC', { f: mine, after: firstPage.opportunities.pageInfo.endCursor });
    expect(amountsOf(secondPage)).toEqual(['250.50', '100.00']);
    expect(secondPage.opportunities.pageInfo.hasNextPage).toBe(false);

    expect(amountsOf(await list('sort: AMOUNT_ASC', { f: mine }))).toEqual(['100.00', '250.50', '300.00', '999.99']);
    const byDate = await list('first: 3, sort: CLOSE_DATE_ASC', { f: mine });
    const nextByDate = await list('first: 3, sort: CLOSE_DATE_ASC', { f: mine, after: byDate.opportunities.pageInfo.endCursor });
    expect([...byDate.opportunities.edges, ...nextByDate.opportunities.edges].map((e) => e.node.closeDate)).toEqual([
      '2028-01-15',
      '2028-02-15',
      '2028-03-15',
      '2028-04-15',
    ]);
    expect(amountsOf(await list('sort: AMOUNT_ASC', { f: { ...mine, status: 'WON' } }))).toEqual(['999.99']);
    expect(amountsOf(await list('sort: AMOUNT_ASC', { f: { ...mine, status: 'OPEN', stageId: NEW_BUSINESS.negotiation } }))).toEqual([
      '100.00',
    ]);
    expect(amountsOf(await list('sort: AMOUNT_ASC', { f: { partnerId } }))).toEqual(['250.50', '300.00']);
    expect(
      amountsOf(await list('sort: AMOUNT_ASC', { f: { ownerIds: [owner], closeDateFrom: '2028-02-01', closeDateTo: '2028-03-31' } })),
    ).toEqual(['100.00', '250.50']);
    expect(amountsOf(await list('sort: AMOUNT_ASC', { f: { ...mine, pipelineId: RENEWALS.id } }))).toEqual([]);
  });

  it('moves every opportunity of a merged customer to the survivor, for the merge to call', async () => {
    const merged = await api.createCustomer('Merged Away');
    const survivor = await api.createCustomer('Survivor');
    const first = (await api.createOpportunity({ customerId: merged })).id;
    const second = (await api.createOpportunity({ customerId: merged })).id;
    // As the merge's caller would: an internal identity (with none, row-level security shows no opportunity at all).
    const moved = await sales.app
      .get(UnitOfWork)
      .run(SYSTEM_IDENTITY, (tx) => sales.app.get(OpportunityService).moveToCustomer(tx, merged, survivor));
    expect([...moved].sort()).toEqual([first, second].sort());
    const read = await api.ok<{ customer: { opportunities: unknown[] } }>(
      'query($id: ID!) { customer(id: $id) { opportunities { id } } }',
      {
        id: survivor,
      },
    );
    expect(read.customer.opportunities).toHaveLength(2);
  });
});
