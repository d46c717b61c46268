import { randomUUID } from 'node:crypto';
import { eventually, graphqlClient, type Gql, type GqlResponse, type TestStack } from '@crm/testing';
import { sharedStack } from './shared-stack';

/**
 * Every write that names a customer owned by sales, through the gateway with the real sales
 * subgraph: an id sales never had is NOT_FOUND on customerId and writes nothing; a customer
 * created a moment before is accepted (no race with its customer.created event).
 */
describe('writes that name a customer of sales', () => {
  let stack: TestStack;
  let gql: Gql;
  let partnerId: string;

  const newCustomer = async (): Promise<string> => (await stack.ctx.newCustomer()).id;

  /** Each write, the subgraph and table it writes to, and where its answer names the customer. */
  const writes: {
    name: string;
    subgraph: string;
    table: string;
    run: (customerId: string) => Promise<GqlResponse<unknown>>;
    customerOf: (data: unknown) => string | null;
  }[] = [
    {
      name: 'openCase',
      subgraph: 'service',
      table: 'support_case',
      run: (customerId) =>
        gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { customerId } }', {
          i: { customerId, subject: 'Printer on fire', priority: 'HIGH' },
        }),
      customerOf: (d) => (d as { openCase: { customerId: string } }).openCase.customerId,
    },
    {
      name: 'captureLead',
      subgraph: 'marketing',
      table: 'lead',
      run: (customerId) =>
        gql('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { customerId } }', {
          i: { email: `${randomUUID().slice(0, 8)}@referenced.test`, name: 'Ref Erenced', source: 'WEB_FORM', customerId },
        }),
      customerOf: (d) => (d as { captureLead: { customerId: string } }).captureLead.customerId,
    },
    {
      name: 'linkPartnerToCustomer',
      subgraph: 'partners',
      table: 'partner_customer_link',
      run: (customerId) =>
        gql('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { customerLinks { customerId } } }', {
          i: { partnerId, customerId },
        }),
      customerOf: (d) =>
        (d as { linkPartnerToCustomer: { customerLinks: { customerId: string }[] } }).linkPartnerToCustomer.customerLinks[0]!.customerId,
    },
  ];

  const knownState = async (subgraph: string, id: string) =>
    (
      await stack.sql<{ state: string; survivor_id: string | null }>(
        subgraph,
        'SELECT state, survivor_id FROM known_customer WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    // The shared stack's lookup and subgraph-call bounds are generous (shared-stack.ts): this suite is about refusals, not timeouts.
    stack = await sharedStack();
    gql = graphqlClient(stack.gatewayUrl);
    partnerId = (await stack.ctx.newPartner({ name: 'Referencing Partner' })).id;
    // Six processes on a shared 2-core machine can take longer to come up than a test's default bound.
  }, 300_000);

  describe.each(writes.map((w) => [w.name, w] as const))('%s', (_name, write) => {
    it('refuses a customer id sales never had as NOT_FOUND on customerId, writing nothing', async () => {
      const before = { rows: await stack.count(write.subgraph, write.table), events: await stack.count(write.subgraph, 'outbox') };
      const nobody = randomUUID();
      const res = await write.run(nobody);
      expect(res.data).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'customerId', requestId: expect.any(String) });
      expect(res.errors![0]!.message).toContain(nobody);
      expect({ rows: await stack.count(write.subgraph, write.table), events: await stack.count(write.subgraph, 'outbox') }).toEqual(before);
    });

    it('accepts a customer created the moment before, whether or not its event has arrived', async () => {
      const customerId = await newCustomer();
      const res = await write.run(customerId);
      expect(res.errors).toBeUndefined();
      expect(write.customerOf(res.data)).toBe(customerId);
    });

    it('learns customers from sales’ events into its own read model', async () => {
      const customerId = await newCustomer();
      await eventually(async () => expect(await knownState(write.subgraph, customerId)).toEqual({ state: 'LIVE', survivor_id: null }));
    });
  });

  it('refuses a deleted customer once deleted, and names the survivor for a merged-away one', async () => {
    const [deleted, survivor, merged] = [await newCustomer(), await newCustomer(), await newCustomer()];
    expect((await gql('mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id: deleted })).errors).toBeUndefined();
    const merge = await gql('mutation($s: ID!, $m: ID!) { mergeCustomers(survivorId: $s, mergedId: $m) { survivor { id } } }', {
      s: survivor,
      m: merged,
    });
    expect(merge.errors).toBeUndefined();
    // A write racing the deletion may still land, as it would have a moment earlier; once the
    // service has the event, the deleted id is refused and the merged-away one names its survivor.
    for (const write of writes) {
      await eventually(async () => expect((await knownState(write.subgraph, deleted))?.state).toBe('DELETED'));
      const refused = await write.run(deleted);
      expect(refused.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', field: 'customerId', requestId: expect.any(String) });
      await eventually(async () => expect(await knownState(write.subgraph, merged)).toEqual({ state: 'MERGED', survivor_id: survivor }));
      const res = await write.run(merged);
      expect(res.errors).toBeUndefined();
      expect(write.customerOf(res.data)).toBe(survivor);
    }
  });
});
