import * as path from 'node:path';
import { Topics } from '@crm/contracts';
import { fromKafkaMessage } from '@crm/events';
import { fewestStatements, itKeepsItsContracts, useTestSubgraph } from '@crm/subgraph-testing';
import { Kafka, logLevel } from 'kafkajs';
import { salesSubgraph } from '../src/sales.subgraph';

describe('sales subgraph', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const { gql } = sales;
  const count = (table: string) => sales.count(table);
  const createCustomer = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await gql<{ createCustomer: { id: string; name: string } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id name kind domain } }',
      {
        i: { name, ...extra },
      },
    );
    return res.data!.createCustomer;
  };

  itKeepsItsContracts(() => sales, salesSubgraph, path.join(__dirname, '../schema.graphql'));

  it('creates, updates and reads a customer with its contacts', async () => {
    const created = await createCustomer('  Acme Corporation ', { domain: 'ACME.com' });
    expect(created).toMatchObject({ name: 'Acme Corporation', kind: 'COMPANY', domain: 'acme.com' });

    const contact = await gql<{ addContact: { id: string; fullName: string } }>(
      'mutation($i: AddContactInput!) { addContact(input: $i) { id fullName email } }',
      { i: { customerId: created.id, firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Acme.com' } },
    );
    expect(contact.data!.addContact).toMatchObject({ fullName: 'Ada Lovelace', email: 'ada@acme.com' });

    const updated = await gql<{ updateCustomer: { name: string } }>(
      'mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { name domain } }',
      {
        i: { id: created.id, name: 'Acme Corp' },
      },
    );
    expect(updated.data!.updateCustomer).toEqual({ name: 'Acme Corp', domain: 'acme.com' });

    const read = await gql<{ customer: { name: string; contacts: { fullName: string }[] } }>(
      'query($id: ID!) { customer(id: $id) { name contacts { fullName } } }',
      { id: created.id },
    );
    expect(read.data!.customer).toEqual({ name: 'Acme Corp', contacts: [{ fullName: 'Ada Lovelace' }] });
  });

  it('answers null for a customer that does not exist and NOT_FOUND when writing to one', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await gql('query($id: ID!) { customer(id: $id) { id } }', { id })).data).toEqual({ customer: null });
    const res = await gql('mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }', { i: { id, name: 'x' } });
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it.each([
    ['an empty name', 'mutation { createCustomer(input: { name: "   " }) { id } }', 'name'],
    ['a 10,000-character name', `mutation { createCustomer(input: { name: "${'x'.repeat(10_000)}" }) { id } }`, 'name'],
    ['a malformed domain', 'mutation { createCustomer(input: { name: "Ok", domain: "not a domain" }) { id } }', 'domain'],
    ['a malformed id', 'query { customer(id: "42") { id } }', 'id'],
    [
      'a malformed email',
      'mutation { addContact(input: { customerId: "00000000-0000-4000-8000-000000000000", firstName: "A", lastName: "B", email: "nope" }) { id } }',
      'email',
    ],
    ['a page larger than 100', 'query { customers(first: 500) { edges { cursor } } }', 'first'],
    ['a cursor this list did not produce', 'query { customers(after: "garbage") { edges { cursor } } }', 'after'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, query, field) => {
    const before = (await count('customer')) + (await count('contact')) + (await count('outbox'));
    const res = await gql(query);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res)).not.toMatch(/stack|QueryFailedError|node_modules/);
    expect((await count('customer')) + (await count('contact')) + (await count('outbox'))).toBe(before);
  });

  it('resolves _entities for 20 customers with their contacts in as many SQL statements as for 2', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await createCustomer(`Entity ${i}`)).id);
    const fewest = (some: string[]) =>
      fewestStatements(
        async () => {
          const res = await gql<{ _entities: { id: string; name: string; contacts: unknown[] }[] }>(
            'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name contacts { id } } } }',
            { r: some.map((id) => ({ __typename: 'Customer', id })) },
          );
          expect(res.data!._entities.map((e) => e.id)).toEqual(some);
        },
        (sql) => /"?(customer|contact)"?/.test(sql) && !/_import/.test(sql),
      );
    const { statements: forTwo } = await fewest(ids.slice(0, 2));
    const { statements: forTwenty } = await fewest(ids);
    expect(forTwenty).toBe(forTwo);
    expect(forTwo).toBeLessThanOrEqual(2);
  });

  it('reports liveness, readiness of its database and broker, metrics on their own port, and echoes the request id', async () => {
    const base = sales.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: {
        database: 'up',
        kafka: 'up',
        'consumer:sales-lead-conversion': 'up',
        'consumer:sales-deal-registration': 'up',
        'consumer:sales-lead-follow-up': 'up',
        'consumer:sales-retention-task': 'up',
        'consumer:sales-webhook-deliveries': 'up',
      },
    });
    const res = await fetch(sales.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-from-gateway-1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-from-gateway-1');
    await createCustomer('Measured Ltd');
    await new Promise((r) => setTimeout(r, 200)); // the relay publishes within a poll or two
    const metrics = await (await fetch(sales.metricsUrl)).text();
    // Only there: the port the gateway calls does not serve them.
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{.*route="\/graphql"/m);
    expect(metrics).toMatch(/^outbox_published_total\{topic="crm\.sales\.customer\.v1"\} [1-9]/m);
  });

  it('publishes its changes as CloudEvents keyed by customer id', async () => {
    const created = await createCustomer('Evented Inc');
    const kafka = new Kafka({ brokers: sales.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `sales-spec-${Date.now()}`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.salesCustomer, fromBeginning: true });
    const found = await new Promise<{ key: string; type: string; data: unknown }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = fromKafkaMessage(message);
          if (event.subject === created.id) resolve({ key: message.key!.toString(), type: event.type, data: event.data });
        },
      });
    });
    await consumer.disconnect();
    expect(found).toEqual({
      key: created.id,
      type: 'crm.sales.customer.created.v1',
      data: expect.objectContaining({ customerId: created.id, name: 'Evented Inc' }),
    });
  });
});
