import * as path from 'node:path';
import { Topics } from '@crm/contracts';
import { fromKafkaMessage } from '@crm/events';
import { defineFactory, itPagesWithCursors } from '@crm/testing';
import { fewestStatements, itKeepsItsContracts, useTestSubgraph } from '@crm/subgraph-testing';
import { Kafka, logLevel } from 'kafkajs';
import { partnersSubgraph } from '../src/partners.subgraph';

interface PartnerView {
  id: string;
  name: string;
  kind: string;
  createdAt: string;
}

const PARTNER_FIELDS = 'id name kind createdAt';
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

const partnerInput = defineFactory<{ name: string; kind?: string }>((seq) => ({ name: `Partner ${seq}` }));

describe('partners subgraph', () => {
  const partners = useTestSubgraph(partnersSubgraph);
  const { gql, sql } = partners;
  const count = (table: string) => partners.count(table);
  const written = async () => (await count('partner')) + (await count('partner_customer_link')) + (await count('outbox'));
  const createPartner = (input: { name: string; kind?: string }) =>
    gql<{ createPartner: PartnerView }>(`mutation($i: CreatePartnerInput!) { createPartner(input: $i) { ${PARTNER_FIELDS} } }`, {
      i: input,
    });
  const newPartner = async (input = partnerInput.build()): Promise<PartnerView> => {
    const res = await createPartner(input);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createPartner;
  };
  const link = (partnerId: string, customerId: string) =>
    // A link names a customer sales has.
    gql<{ linkPartnerToCustomer: { id: string; name: string } }>(
      'mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id name } }',
      { i: { partnerId, customerId: partners.customers.add(customerId) } },
    );
  const linkEvents = (partnerId: string) =>
    sql<{ data: { customerId: string } }>(
      `SELECT data FROM outbox WHERE type = 'crm.partners.partner.customer-linked.v1' AND data->>'partnerId' = $1 ORDER BY seq`,
      [partnerId],
    );

  itKeepsItsContracts(() => partners, partnersSubgraph, path.join(__dirname, '../schema.graphql'));

  it('creates a partner, a RESELLER unless told otherwise, and reads it back', async () => {
    const reseller = await newPartner({ name: '  Northwind Traders ' });
    expect(reseller).toMatchObject({ name: 'Northwind Traders', kind: 'RESELLER' });
    const affiliate = await newPartner({ name: 'Contoso Affiliates', kind: 'AFFILIATE' });
    expect(affiliate.kind).toBe('AFFILIATE');

    const read = await gql<{ partner: PartnerView & { customerLinks: unknown[] } }>(
      `query($id: ID!) { partner(id: $id) { ${PARTNER_FIELDS} customerLinks { customerId } } }`,
      { id: reseller.id.toUpperCase() },
    );
    expect(read.data!.partner).toEqual({ ...reseller, customerLinks: [] });
    expect((await gql('query($id: ID!) { partner(id: $id) { id } }', { id: uuid(0) })).data).toEqual({ partner: null });
  });

  it('refuses a name another partner has, regardless of case and spacing, naming the field and writing nothing', async () => {
    await newPartner({ name: 'Fabrikam Resellers' });
    for (const name of ['fabrikam resellers', 'FABRIKAM  RESELLERS', ' Fabrikam Resellers ']) {
      const before = await written();
      const res = await createPartner({ name, kind: 'REFERRAL' });
      expect(res.data).toBeNull();
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(res.errors![0]!.message).toMatch(/already exists/);
      expect(await written()).toBe(before);
    }
  });

  it('lets exactly one of several concurrent creations of the same name win', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createPartner({ name: i % 2 ? 'Race Partner' : 'RACE PARTNER' })),
    );
    expect(results.filter((r) => r.data?.createPartner)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.field === 'name')).toHaveLength(5);
    expect(await sql(`SELECT id FROM partner WHERE name_key = 'race partner'`)).toHaveLength(1);
  });

  it('links a partner to any customer id once: linking again writes nothing and publishes nothing', async () => {
    const partner = await newPartner();
    const customerId = uuid(5);
    const first = await link(partner.id, customerId);
    expect(first.data!.linkPartnerToCustomer).toEqual({ id: partner.id, name: partner.name });
    const before = await written();
    const again = await link(partner.id, customerId.toUpperCase());
    expect(again.data!.linkPartnerToCustomer).toEqual({ id: partner.id, name: partner.name });
    expect(await written()).toBe(before);
    expect((await linkEvents(partner.id)).map((e) => e.data.customerId)).toEqual([customerId]);

    const concurrent = uuid(6);
    const results = await Promise.all(Array.from({ length: 6 }, () => link(partner.id, concurrent)));
    expect(results.every((r) => r.data?.linkPartnerToCustomer.id === partner.id)).toBe(true);
    expect(
      await sql('SELECT 1 FROM partner_customer_link WHERE partner_id = $1 AND customer_id = $2', [partner.id, concurrent]),
    ).toHaveLength(1);
    expect((await linkEvents(partner.id)).map((e) => e.data.customerId)).toEqual([customerId, concurrent]);

    const read = await gql<{ partner: { customerLinks: { customerId: string; customer: { id: string } }[] } }>(
      'query($id: ID!) { partner(id: $id) { customerLinks { customerId linkedAt customer { id } } } }',
      { id: partner.id },
    );
    expect(read.data!.partner.customerLinks.map((l) => [l.customerId, l.customer.id])).toEqual([
      [concurrent, concurrent],
      [customerId, customerId],
    ]);
  });

  it('answers NOT_FOUND when linking a partner that does not exist, writing nothing', async () => {
    const before = await written();
    const res = await link(uuid(404), uuid(1));
    expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(await written()).toBe(before);
  });

  const CREATE = 'mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }';
  const LINK = 'mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }';
  it.each([
    ['a blank name', CREATE, { i: { name: '   ' } }, 'name'],
    ['a 201-character name', CREATE, { i: { name: 'x'.repeat(201) } }, 'name'],
    ['an unknown kind', CREATE, { i: { name: 'Kindless', kind: 'VENDOR' } }, 'kind'],
    ['a malformed partnerId', LINK, { i: { partnerId: '42', customerId: uuid(1) } }, 'partnerId'],
    ['a malformed customerId', LINK, { i: { partnerId: uuid(1), customerId: 'acme' } }, 'customerId'],
    ['a malformed id', 'query($id: ID!) { partner(id: $id) { id } }', { id: 'nope' }, 'id'],
    ['a page larger than 100', 'query { partners(first: 101) { edges { cursor } } }', {}, 'first'],
    ['a cursor this list did not produce', 'query { partners(after: "garbage") { edges { cursor } } }', {}, 'after'],
    ['an empty name filter', 'query { partners(filter: { nameContains: "" }) { edges { cursor } } }', {}, 'filter.nameContains'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, query, variables, field) => {
    const before = await written();
    const res = await gql(query, variables);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res)).not.toMatch(/stack|QueryFailedError|node_modules/);
    expect(await written()).toBe(before);
  });

  describe('the partners connection', () => {
    beforeAll(async () => {
      for (const [name, kind] of [
        ['delta Paging', 'REFERRAL'],
        ['Alpha Paging', 'RESELLER'],
        ['charlie Paging', 'AFFILIATE'],
        ['Bravo Paging', 'REFERRAL'],
      ]) {
        await newPartner({ name: name!, kind: kind! });
      }
    });

    itPagesWithCursors({
      gql: () => gql,
      field: 'partners',
      sortType: 'PartnerSort',
      filterType: 'PartnerFilter',
      label: 'name',
      filter: { nameContains: 'PAGING' },
      orders: {
        NAME_ASC: ['Alpha Paging', 'Bravo Paging', 'charlie Paging', 'delta Paging'],
        CREATED_AT_DESC: ['Bravo Paging', 'charlie Paging', 'Alpha Paging', 'delta Paging'],
      },
    });

    it('filters by kind, with LIKE wildcards as plain characters', async () => {
      type Page = { partners: { edges: { node: { name: string } }[] } };
      const names = async (filter: Record<string, unknown>) => {
        const res = await gql<Page>(
          'query($filter: PartnerFilter) { partners(first: 2, sort: NAME_ASC, filter: $filter) { edges { node { name } } } }',
          { filter },
        );
        return res.data!.partners.edges.map((e) => e.node.name);
      };
      expect(await names({ nameContains: 'paging', kind: 'REFERRAL' })).toEqual(['Bravo Paging', 'delta Paging']);
      expect(await names({ nameContains: '_' })).toEqual([]);
    });
  });

  it("adds the customer's partners to Customer, for 20 customers in as many SQL statements as for 2", async () => {
    const older = await newPartner({ name: 'Entities Older' });
    const newer = await newPartner({ name: 'Entities Newer' });
    const customers = Array.from({ length: 20 }, (_, i) => uuid(2000 + i));
    for (const customerId of customers) {
      await link(older.id, customerId);
      await link(newer.id, customerId);
    }
    type Entities = { _entities: { id: string; partners: { name: string }[] | null }[] };
    // The outbox relay polls in the background; count only what this query ran (not the scope each transaction sets).
    const resolve = async (ids: string[]) => {
      const { statements, result: res } = await fewestStatements(
        () =>
          gql<Entities>('query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id partners { name } } } }', {
            r: ids.map((id) => ({ __typename: 'Customer', id })),
          }),
        (sql) => /partner/.test(sql) && !/set_config/.test(sql),
      );
      return { res, statements };
    };
    const forTwo = await resolve(customers.slice(0, 2));
    const forTwenty = await resolve([...customers, uuid(999_999)]);

    expect(forTwo.statements).toBe(1);
    expect(forTwenty.statements).toBe(forTwo.statements);
    const entities = forTwenty.res.data!._entities;
    expect(entities.map((e) => e.id)).toEqual([...customers, uuid(999_999)]);
    expect(entities[7]!.partners).toEqual([{ name: 'Entities Newer' }, { name: 'Entities Older' }]);
    expect(entities[20]!.partners).toEqual([]);
  });

  it('lists the customer links of a page of partners in one SQL statement', async () => {
    type Page = { partners: { edges: { node: { name: string; customerLinks: unknown[] } }[] } };
    const { statements: linkStatements, result: res } = await fewestStatements(
      () =>
        gql<Page>(
          'query { partners(first: 50, filter: { nameContains: "entities" }) { edges { node { name customerLinks { customerId } } } } }',
        ),
      (sql) => /partner_customer_link/.test(sql),
    );
    expect(res.data!.partners.edges.map((e) => [e.node.name, e.node.customerLinks.length])).toEqual([
      ['Entities Newer', 20],
      ['Entities Older', 20],
    ]);
    expect(linkStatements).toBe(1);
  });

  it('publishes PartnerCreated and PartnerLinkedToCustomer as CloudEvents', async () => {
    const partner = await newPartner({ name: 'Evented Partners', kind: 'REFERRAL' });
    const customerId = uuid(31337);
    await link(partner.id, customerId);
    await link(partner.id, customerId);
    const kafka = new Kafka({ brokers: partners.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `partners-spec-${Date.now()}`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.partnersPartner, fromBeginning: true });
    const found: { key: string; type: string; subject: string; data: unknown }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = fromKafkaMessage(message);
          if ((event.data as { partnerId?: string }).partnerId !== partner.id) return;
          found.push({ key: message.key!.toString(), type: event.type, subject: event.subject, data: event.data });
          if (found.length === 2) resolve();
        },
      });
    });
    // Anything published after the two events (a second link event would be) arrives within a few polls.
    await new Promise((r) => setTimeout(r, 500));
    await consumer.disconnect();
    // Keyed by different ids, the two events sit on different partitions: their order is not defined.
    found.sort((a, b) => a.type.localeCompare(b.type));
    expect(found).toEqual([
      {
        key: partner.id,
        subject: partner.id,
        type: 'crm.partners.partner.created.v1',
        data: { partnerId: partner.id, name: 'Evented Partners', createdAt: partner.createdAt, channelManagerId: null },
      },
      {
        key: customerId,
        subject: customerId,
        type: 'crm.partners.partner.customer-linked.v1',
        data: { partnerId: partner.id, customerId, partnerName: 'Evented Partners', linkedAt: expect.any(String) },
      },
    ]);
  });
});
