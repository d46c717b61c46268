import * as path from 'node:path';
import { Topics } from '@crm/contracts';
import { fromKafkaMessage } from '@crm/events';
import { defineFactory, itPagesWithCursors, type GqlResponse } from '@crm/testing';
import { fewestStatements, itKeepsItsContracts, useTestSubgraph } from '@crm/subgraph-testing';
import { Kafka, logLevel } from 'kafkajs';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface LeadView {
  id: string;
  email: string;
  name: string;
  company: string | null;
  source: string;
  status: string;
  customerId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface CaptureInput {
  email: string;
  name: string;
  source: string;
  company?: string | null;
  customerId?: string | null;
}

const LEAD_FIELDS = 'id email name company source status customerId createdAt updatedAt';
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

const leadInput = defineFactory<CaptureInput>((seq) => ({ email: `lead${seq}@example.com`, name: `Lead ${seq}`, source: 'WEB_FORM' }));

describe('marketing subgraph', () => {
  const marketing = useTestSubgraph(marketingSubgraph);
  const { gql, sql } = marketing;
  const count = (table: string) => marketing.count(table);
  const capture = async (input: CaptureInput): Promise<LeadView> => {
    if (input.customerId) marketing.customers.add(input.customerId); // a lead names a customer sales has
    const res = await gql<{ captureLead: LeadView }>(`mutation($i: CaptureLeadInput!) { captureLead(input: $i) { ${LEAD_FIELDS} } }`, {
      i: input,
    });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.captureLead;
  };

  itKeepsItsContracts(() => marketing, marketingSubgraph, path.join(__dirname, '../schema.graphql'));

  it('captures a new lead as NEW with a normalised email, and reads it back', async () => {
    const captured = await capture({ email: '  Grace.Hopper@Navy.MIL ', name: ' Grace Hopper ', company: ' US Navy ', source: 'EVENT' });
    expect(captured).toMatchObject({
      email: 'grace.hopper@navy.mil',
      name: 'Grace Hopper',
      company: 'US Navy',
      source: 'EVENT',
      status: 'NEW',
      customerId: null,
    });
    expect(captured.createdAt).toBe(captured.updatedAt);

    const read = await gql<{ lead: LeadView & { customer: unknown } }>(
      `query($id: ID!) { lead(id: $id) { ${LEAD_FIELDS} customer { id } } }`,
      {
        id: captured.id.toUpperCase(),
      },
    );
    expect(read.data!.lead).toEqual({ ...captured, customer: null });
  });

  it('resolves leads by key, batched, for the records search hits point at: an unknown id as null', async () => {
    const lead = await capture({ email: 'entity.lead@example.com', name: 'Entity Lead', source: 'EVENT' });
    const res = await gql<{ _entities: ({ id: string; name: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Lead { id name } } }',
      {
        r: [
          { __typename: 'Lead', id: lead.id },
          { __typename: 'Lead', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Lead', id: 'nope' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: lead.id, name: 'Entity Lead' }, null, null]);
  });

  it('updates the existing lead when the same email is captured again, keeping what the new capture does not say', async () => {
    const first = await capture({ email: 'repeat@acme.com', name: 'Rep Eat', company: 'Acme', source: 'WEB_FORM' });
    const customerId = uuid(77);
    const again = await capture({ email: 'REPEAT@acme.com ', name: 'Repeat Person', source: 'REFERRAL', customerId });
    expect(again).toMatchObject({
      id: first.id,
      email: 'repeat@acme.com',
      name: 'Repeat Person',
      company: 'Acme',
      source: 'REFERRAL',
      status: 'NEW',
      customerId,
      createdAt: first.createdAt,
    });
    expect(new Date(again.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.updatedAt).getTime());

    const third = await capture({ email: 'repeat@acme.com', name: 'Repeat Person', company: 'Acme Europe', source: 'IMPORT' });
    expect(third).toMatchObject({ id: first.id, company: 'Acme Europe', source: 'IMPORT', customerId });
    expect(await sql(`SELECT id FROM lead WHERE email = 'repeat@acme.com'`)).toEqual([{ id: first.id }]);

    const captured = await sql<{ data: { isNew: boolean; leadId: string } }>(
      `SELECT data FROM outbox WHERE type = 'crm.marketing.lead.captured.v1' AND data->>'leadId' = $1 ORDER BY seq`,
      [first.id],
    );
    expect(captured.map((r) => r.data.isNew)).toEqual([true, false, false]);
  });

  it('makes exactly one lead, and one isNew event, from concurrent captures of the same new email', async () => {
    const email = 'race@acme.com';
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => capture({ email, name: `Racer ${i}`, source: 'WEB_FORM' })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await sql(`SELECT id FROM lead WHERE email = $1`, [email])).toHaveLength(1);
    const events = await sql<{ isNew: boolean }>(`SELECT (data->>'isNew')::boolean AS "isNew" FROM outbox WHERE data->>'email' = $1`, [
      email,
    ]);
    expect(events).toHaveLength(8);
    expect(events.filter((e) => e.isNew)).toHaveLength(1);
  });

  describe('convertLead', () => {
    const CONVERT = `mutation($i: ConvertLeadInput!) {
      convertLead(input: $i) { customerId contactId opportunityId customer { id } lead { status customerId convertedAt convertedContactId convertedOpportunityId } }
    }`;
    interface Conversion {
      customerId: string;
      contactId: string;
      opportunityId: string | null;
      customer: { id: string };
      lead: { status: string; customerId: string; convertedAt: string; convertedContactId: string; convertedOpportunityId: string | null };
    }
    const convert = (i: Record<string, unknown>) => gql<{ convertLead: Conversion }>(CONVERT, { i });

    it('mints the customer, contact and opportunity ids, answers them at once and publishes lead.converted with them', async () => {
      const lead = await capture(leadInput.build({ name: 'Ada King Lovelace', company: 'Analytical Engines' }));
      const res = await convert({
        leadId: lead.id,
        opportunity: { name: 'First engine', amount: { amount: '12500.50', currency: 'EUR' }, closeDate: '2031-03-31' },
        ownerId: uuid(7),
      });
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      const c = res.data.convertLead;
      expect(c.customer).toEqual({ id: c.customerId });
      expect(c.lead).toMatchObject({
        status: 'CONVERTED',
        customerId: c.customerId,
        convertedContactId: c.contactId,
        convertedOpportunityId: c.opportunityId,
      });
      expect(new Set([c.customerId, c.contactId, c.opportunityId]).size).toBe(3);

      const [event] = await sql<{ data: Record<string, unknown>; subject: string }>(
        `SELECT data, subject FROM outbox WHERE type = 'crm.marketing.lead.converted.v1' AND data->>'leadId' = $1`,
        [lead.id],
      );
      expect(event!.subject).toBe(c.customerId);
      expect(event!.data).toMatchObject({
        customerId: c.customerId,
        existingCustomer: false,
        customerName: 'Analytical Engines',
        customerKind: 'COMPANY',
        contact: { contactId: c.contactId, firstName: 'Ada King', lastName: 'Lovelace', email: lead.email },
        opportunity: {
          opportunityId: c.opportunityId,
          name: 'First engine',
          amount: { amount: '12500.50', currency: 'EUR' },
          closeDate: '2031-03-31',
        },
        ownerId: uuid(7),
      });
    });

    it('converts onto the customer the lead already belongs to, as a person without an opportunity', async () => {
      const lead = await capture(leadInput.build({ name: 'Grace', customerId: uuid(42) }));
      const c = (await convert({ leadId: lead.id })).data!.convertLead;
      expect(c).toMatchObject({ customerId: uuid(42), opportunityId: null });
      const [event] = await sql<{ data: Record<string, unknown> }>(
        `SELECT data FROM outbox WHERE type = 'crm.marketing.lead.converted.v1' AND data->>'leadId' = $1`,
        [lead.id],
      );
      expect(event!.data).toMatchObject({ existingCustomer: true, customerKind: 'PERSON', customerName: 'Grace', opportunity: null });
      expect(event!.data.contact).toMatchObject({ firstName: 'Grace', lastName: '' });
    });

    it('converts a lead once: a second conversion, even concurrent, is BAD_USER_INPUT on leadId and publishes nothing more', async () => {
      const lead = await capture(leadInput.build());
      const results = await Promise.all([convert({ leadId: lead.id }), convert({ leadId: lead.id })]);
      expect(results.filter((r) => r.data?.convertLead).length).toBe(1);
      expect(results.find((r) => r.errors)!.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'leadId' });
      const events = await sql(`SELECT 1 FROM outbox WHERE type = 'crm.marketing.lead.converted.v1' AND data->>'leadId' = $1`, [lead.id]);
      expect(events).toHaveLength(1);
    });

    it('answers NOT_FOUND for a lead that does not exist', async () => {
      const res = await convert({ leadId: uuid(999) });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    });

    it.each([
      ['a malformed close date', { name: 'X', closeDate: '31/03/2031' }, 'opportunity.closeDate'],
      ['an impossible close date', { name: 'X', closeDate: '2031-02-30' }, 'opportunity.closeDate'],
      [
        'a close date before 1900, which sales would refuse after the answer',
        { name: 'X', closeDate: '0000-01-01' },
        'opportunity.closeDate',
      ],
      ['an unknown currency', { name: 'X', amount: { amount: '1.00', currency: 'XYZ' } }, 'opportunity.amount.currency'],
      ['a blank opportunity name', { name: '  ' }, 'opportunity.name'],
    ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, opportunity, field) => {
      const lead = await capture(leadInput.build());
      const before = await count('outbox');
      const res = await convert({ leadId: lead.id, opportunity });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await count('outbox')).toBe(before);
      expect(
        (await gql<{ lead: { status: string } }>('query($id: ID!) { lead(id: $id) { status } }', { id: lead.id })).data!.lead.status,
      ).toBe('NEW');
    });
  });

  it('answers null for a lead that does not exist', async () => {
    expect((await gql('query($id: ID!) { lead(id: $id) { id } }', { id: uuid(0) })).data).toEqual({ lead: null });
  });

  const CAPTURE = 'mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }';
  it.each([
    ['a malformed email', CAPTURE, { i: { email: 'nope', name: 'A', source: 'WEB_FORM' } }, 'email'],
    ['a 255-character email', CAPTURE, { i: { email: `${'a'.repeat(243)}@example.com`, name: 'A', source: 'WEB_FORM' } }, 'email'],
    ['a blank name', CAPTURE, { i: { email: 'ok@example.com', name: '   ', source: 'WEB_FORM' } }, 'name'],
    ['a 201-character name', CAPTURE, { i: { email: 'ok@example.com', name: 'x'.repeat(201), source: 'WEB_FORM' } }, 'name'],
    [
      'a 201-character company',
      CAPTURE,
      { i: { email: 'ok@example.com', name: 'A', company: 'x'.repeat(201), source: 'WEB_FORM' } },
      'company',
    ],
    ['an unknown source', CAPTURE, { i: { email: 'ok@example.com', name: 'A', source: 'BILLBOARD' } }, 'source'],
    ['a malformed customerId', CAPTURE, { i: { email: 'ok@example.com', name: 'A', source: 'WEB_FORM', customerId: '42' } }, 'customerId'],
    ['a malformed id', 'query($id: ID!) { lead(id: $id) { id } }', { id: '42' }, 'id'],
    ['a page larger than 100', 'query { leads(first: 500) { edges { cursor } } }', {}, 'first'],
    ['a cursor this list did not produce', 'query { leads(after: "garbage") { edges { cursor } } }', {}, 'after'],
    ['an empty email filter', 'query { leads(filter: { emailContains: "" }) { edges { cursor } } }', {}, 'filter.emailContains'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, query, variables, field) => {
    const before = (await count('lead')) + (await count('outbox'));
    const res = await gql(query, variables);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res)).not.toMatch(/stack|QueryFailedError|node_modules/);
    expect((await count('lead')) + (await count('outbox'))).toBe(before);
  });

  describe('the leads connection', () => {
    beforeAll(async () => {
      for (const local of ['zeta', 'alpha', 'mid', 'beta']) {
        await capture(leadInput.build({ email: `${local}@paging.test`, source: local === 'beta' ? 'PARTNER' : 'EVENT' }));
      }
    });

    itPagesWithCursors({
      gql: () => gql,
      field: 'leads',
      sortType: 'LeadSort',
      filterType: 'LeadFilter',
      label: 'email',
      filter: { emailContains: '@PAGING.test' },
      orders: {
        EMAIL_ASC: ['alpha@paging.test', 'beta@paging.test', 'mid@paging.test', 'zeta@paging.test'],
        CREATED_AT_DESC: ['beta@paging.test', 'mid@paging.test', 'alpha@paging.test', 'zeta@paging.test'],
      },
    });

    it('filters by source and status, with LIKE wildcards as plain characters', async () => {
      type Page = { leads: { edges: { node: { email: string } }[] } };
      const page = (filter: Record<string, unknown>) =>
        gql<Page>('query($filter: LeadFilter) { leads(first: 2, sort: EMAIL_ASC, filter: $filter) { edges { node { email } } } }', {
          filter,
        });
      const emails = (p: GqlResponse<Page>) => p.data!.leads.edges.map((e) => e.node.email);
      expect(emails(await page({ emailContains: 'paging.test', source: 'PARTNER' }))).toEqual(['beta@paging.test']);
      expect(emails(await page({ emailContains: 'paging.test', status: 'QUALIFIED' }))).toEqual([]);
      expect(emails(await page({ emailContains: 'paging.test', status: 'NEW', source: 'EVENT' }))).toEqual([
        'alpha@paging.test',
        'mid@paging.test',
      ]);
      // LIKE wildcards in the filter are plain characters.
      expect(emails(await page({ emailContains: '%' }))).toEqual([]);
    });
  });

  it("adds the customer's newest leads to Customer, for 20 customers in as many SQL statements as for 2", async () => {
    const customers = Array.from({ length: 20 }, (_, i) => uuid(1000 + i));
    for (const [i, customerId] of customers.entries()) {
      await capture(leadInput.build({ email: `older${i}@entities.test`, customerId }));
      await capture(leadInput.build({ email: `newer${i}@entities.test`, customerId }));
    }
    type Entities = { _entities: { id: string; leads: { email: string; customer: { id: string } }[] | null }[] };
    // The outbox relay polls in the background; count only what this query ran.
    const resolve = async (ids: string[]) => {
      const { statements, result: res } = await fewestStatements(
        () =>
          gql<Entities>(
            'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id leads { email customer { id } } } } }',
            {
              r: ids.map((id) => ({ __typename: 'Customer', id })),
            },
          ),
        (sql) => /\blead\b/.test(sql),
      );
      return { res, statements };
    };
    const forTwo = await resolve(customers.slice(0, 2));
    const forTwenty = await resolve([...customers, uuid(999_999)]);

    expect(forTwo.statements).toBe(1);
    expect(forTwenty.statements).toBe(forTwo.statements);
    const entities = forTwenty.res.data!._entities;
    expect(entities.map((e) => e.id)).toEqual([...customers, uuid(999_999)]);
    expect(entities[3]!.leads).toEqual([
      { email: 'newer3@entities.test', customer: { id: customers[3] } },
      { email: 'older3@entities.test', customer: { id: customers[3] } },
    ]);
    expect(entities[20]!.leads).toEqual([]);
  });

  it('publishes LeadCaptured as CloudEvents, keyed by the customer id or, without one, the lead id', async () => {
    const customerId = uuid(4242);
    const anonymous = await capture(leadInput.build({ email: 'evented@kafka.test', name: 'Evented' }));
    const known = await capture(leadInput.build({ email: 'evented@kafka.test', name: 'Evented Again', customerId }));
    const kafka = new Kafka({ brokers: marketing.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `marketing-spec-${Date.now()}`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.marketingLead, fromBeginning: true });
    const found: { key: string; type: string; subject: string; data: Record<string, unknown> }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = fromKafkaMessage(message);
          const data = event.data as Record<string, unknown>;
          if (data.leadId !== anonymous.id) return;
          found.push({ key: message.key!.toString(), type: event.type, subject: event.subject, data });
          if (found.length === 2) resolve();
        },
      });
    });
    await consumer.disconnect();
    // Keyed by different ids, the two events sit on different partitions: their order is not defined.
    found.sort((a, b) => Number(b.data.isNew) - Number(a.data.isNew));
    expect(known.id).toBe(anonymous.id);
    expect(found).toEqual([
      {
        key: anonymous.id,
        subject: anonymous.id,
        type: 'crm.marketing.lead.captured.v1',
        data: expect.objectContaining({ leadId: anonymous.id, customerId: null, email: 'evented@kafka.test', isNew: true, status: 'NEW' }),
      },
      {
        key: customerId,
        subject: customerId,
        type: 'crm.marketing.lead.captured.v1',
        data: expect.objectContaining({ leadId: anonymous.id, customerId, name: 'Evented Again', isNew: false }),
      },
    ]);
  });
});
