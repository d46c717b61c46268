import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pendingSchemaChanges, runMigrations } from '@crm/database';
import { startTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { createTestDatabase, eventually, queryRows, type TestDatabase } from '@crm/testing';
import type { INestApplication } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import type { SubgraphConfig, SubgraphDefinition } from '@crm/subgraph';
import { webhooksConfigSchema } from '../src/config/webhooks.config';
import { dataSourceOptions } from '../src/database/data-source';
import { WebhookDispatcher } from '../src/deliveries/webhook-dispatcher';
import { startWebhooksWorker } from '../src/webhooks.worker';

/**
 * Test only: the worker is exercised against sales as it runs (registration, the events sales
 * publishes, the log and re-enabling it keeps); the worker's own code never imports sales. Loaded
 * by path at run time rather than imported, so that the project graph does not make the worker
 * depend on sales: a change to sales must not rebuild the worker's image (infra/deploy images spec).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path on purpose (above)
const { salesSubgraph } = require(path.join(__dirname, '..', '..', 'sales', 'src', 'sales.subgraph')) as {
  salesSubgraph: SubgraphDefinition<SubgraphConfig>;
};

const WEBHOOK_SECRET = 'webhook-worker-spec-secret-0123456789abcdef';
const DISABLE_AFTER = 8;
const CREATED = 'crm.sales.customer.created.v1';
const UPDATED = 'crm.sales.customer.updated.v2';

interface Received {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

/** A receiver on a free local port that verifies every delivery's signature as a receiver would. */
async function startReceiver() {
  const received: Received[] = [];
  const unverified: string[] = [];
  let secret = '';
  /** Answers 503 to the deliveries this says; 204 to the others. */
  let refuse: (r: Received) => boolean = () => false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        new Webhook(secret).verify(body, req.headers as IncomingHttpHeaders & Record<string, string>);
      } catch (e) {
        unverified.push((e as Error).message);
        res.writeHead(400).end();
        return;
      }
      const event = JSON.parse(body) as Received;
      if (event.id !== req.headers['webhook-id']) unverified.push(`webhook-id ${String(req.headers['webhook-id'])} is not ${event.id}`);
      if (refuse(event)) return void res.writeHead(503).end();
      received.push(event);
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    unverified,
    setSecret: (s: string) => (secret = s),
    refuse: (r: (e: Received) => boolean) => (refuse = r),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

interface Endpoint {
  id: string;
  enabled: boolean;
  deliveries: {
    edges: { node: { attempt: number; statusCode: number | null; outcome: string; eventType: string; error: string | null } }[];
  };
}

describe('webhook worker (with sales and the development broker, in process)', () => {
  let sales: TestSubgraph;
  let db: TestDatabase;
  let worker: INestApplication;
  const receivers: Receiver[] = [];

  const workerSql = <R>(text: string, params: unknown[] = []) => queryRows<R>(db.adminUrl, text, params);

  async function register(receiver: Receiver, eventTypes: string[]): Promise<string> {
    // Everything sales published so far is queued (or not) already, so an earlier test's events go to no new endpoint.
    const { n } = (await sales.sql<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]!;
    await eventually(async () =>
      expect((await workerSql<{ n: number }>(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'webhooks-deliveries'`))[0]!.n).toBe(n),
    );
    const res = await sales.gql<{ registerWebhookEndpoint: { secret: string; endpoint: { id: string } } }>(
      'mutation($i: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $i) { secret endpoint { id } } }',
      { i: { url: receiver.url, eventTypes } },
    );
    expect(res.errors).toBeUndefined();
    const { secret, endpoint } = res.data!.registerWebhookEndpoint;
    receiver.setSecret(secret);
    // The worker learns the endpoint from sales' event; what happens before that is not for it.
    await eventually(async () => expect(await workerSql('SELECT 1 FROM webhook_endpoint WHERE id = $1', [endpoint.id])).toHaveLength(1));
    return endpoint.id;
  }

  const endpoint = async (id: string): Promise<Endpoint> => {
    const res = await sales.gql<{ webhookEndpoints: { edges: { node: Endpoint }[] } }>(
      `{ webhookEndpoints(first: 50) { edges { node { id enabled
           deliveries(first: 50) { edges { node { attempt statusCode outcome eventType error } } } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.webhookEndpoints.edges.map((e) => e.node).find((e) => e.id === id)!;
  };

  const rename = async (id: string, name: string) => {
    const res = await sales.gql('mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }', { i: { id, name } });
    expect(res.errors).toBeUndefined();
  };

  /** Sales' own record of what it published, in order: what each receiver must get. */
  const published = (types: string[]) =>
    sales.sql<{ id: string; type: string; subject: string }>('SELECT id, type, subject FROM outbox WHERE type = ANY($1) ORDER BY seq', [
      types,
    ]);

  beforeAll(async () => {
    sales = await startTestSubgraph(salesSubgraph, { env: { WEBHOOK_SECRET } });
    db = await createTestDatabase({ template: 'webhooks', migrate: async (url) => void (await runMigrations(dataSourceOptions(url))) });
    const config = webhooksConfigSchema.parse({
      PORT: '0',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: sales.brokers.join(','),
      OUTBOX_POLL_MS: '20',
      WEBHOOK_SECRET,
      WEBHOOK_DISPATCH_INTERVAL_MS: '25',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_RETRY_MAX_MS: '300',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_DISABLE_AFTER_FAILURES: String(DISABLE_AFTER),
      WEBHOOK_MAX_ATTEMPTS: '100',
    });
    worker = (await startWebhooksWorker(config)).app;
  });

  afterAll(async () => {
    await worker?.close();
    await Promise.all(receivers.map((r) => r.close()));
    await db?.drop();
    await sales?.close();
  });

  const newReceiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };

  it('has migrations that match its entities exactly', async () => {
    expect(await pendingSchemaChanges(dataSourceOptions(db.url))).toEqual([]);
  });

  it('delivers each chosen event once, signed with the secret sales showed, and nothing else', async () => {
    const receiver = await newReceiver();
    const endpointId = await register(receiver, [CREATED]);
    const a = await sales.ctx.newCustomer();
    const b = await sales.ctx.newCustomer();
    await rename(a.id, 'Renamed, not chosen');

    const expected = (await published([CREATED])).filter((e) => e.subject === a.id || e.subject === b.id);
    expect(expected).toHaveLength(2);
    await eventually(async () => expect(receiver.received.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort()));
    expect(receiver.unverified).toEqual([]);
    expect(receiver.received.map((e) => e.type)).toEqual([CREATED, CREATED]);
    expect(receiver.received.find((e) => e.subject === a.id)!.data).toMatchObject({ customerId: a.id, name: a.name });

    // The update was queued for nobody; each delivery took one attempt, and sales shows the log.
    await worker.get(WebhookDispatcher).idle();
    expect(await workerSql('SELECT status, attempts FROM webhook_delivery WHERE endpoint_id = $1', [endpointId])).toEqual([
      { status: 'DELIVERED', attempts: 1 },
      { status: 'DELIVERED', attempts: 1 },
    ]);
    await eventually(async () =>
      expect((await endpoint(endpointId)).deliveries.edges.map((e) => e.node)).toEqual([
        { attempt: 1, statusCode: 204, outcome: 'DELIVERED', eventType: CREATED, error: null },
        { attempt: 1, statusCode: 204, outcome: 'DELIVERED', eventType: CREATED, error: null },
      ]),
    );
    expect(receiver.received).toHaveLength(2);
  });

  it('sends an endpoint that chose a type no longer published the type that replaced it', async () => {
    const receiver = await newReceiver();
    const endpointId = await register(receiver, [CREATED]);
    // Registered before customer.updated.v1 was retired (registration refuses it now): its row and
    // the worker's copy, which the next enabled-change event carries over, name v1.
    await sales.sql('UPDATE webhook_endpoint SET event_types = $2 WHERE id = $1', [endpointId, ['crm.sales.customer.updated.v1']]);
    for (const enabled of [false, true]) {
      const res = await sales.gql(`mutation($id: ID!) { ${enabled ? 'enable' : 'disable'}WebhookEndpoint(id: $id) { id } }`, {
        id: endpointId,
      });
      expect(res.errors).toBeUndefined();
    }
    await eventually(async () =>
      expect(await workerSql('SELECT event_types, enabled FROM webhook_endpoint WHERE id = $1', [endpointId])).toEqual([
        { event_types: ['crm.sales.customer.updated.v1'], enabled: true },
      ]),
    );
    const customer = await sales.ctx.newCustomer();
    await rename(customer.id, 'Renamed for a v1 endpoint');
    const [update] = (await published([UPDATED])).filter((e) => e.subject === customer.id);
    await eventually(async () => expect(receiver.received.map((e) => [e.id, e.type])).toEqual([[update!.id, UPDATED]]));
    expect(receiver.unverified).toEqual([]);
  });

  it("holds a customer's later events while an earlier one is retried, lets other customers' through, then sends the backlog in order", async () => {
    const receiver = await newReceiver();
    const endpointId = await register(receiver, [CREATED, UPDATED]);
    const slow = await sales.ctx.newCustomer();
    receiver.refuse((e) => e.subject === slow.id);
    await rename(slow.id, 'Slow 1');
    await rename(slow.id, 'Slow 2');
    const other = await sales.ctx.newCustomer();
    await rename(other.id, 'Other 1');

    const order = (subject: string) => async () =>
      (await published([CREATED, UPDATED])).filter((e) => e.subject === subject).map((e) => e.id);
    const ofCustomer = (subject: string) => receiver.received.filter((e) => e.subject === subject).map((e) => e.id);

    // The other customer's events arrive while the slow one's first is being retried...
    await eventually(async () => expect(ofCustomer(other.id)).toEqual(await order(other.id)()));
    const waiting = await eventually(async () => {
      const rows = await workerSql<{ attempts: number; status: string }>(
        `SELECT d.attempts, d.status FROM webhook_delivery d WHERE d.endpoint_id = $1 AND d.ordering_key = $2 ORDER BY d.seq`,
        [endpointId, slow.id],
      );
      expect(rows[0]!.attempts).toBeGreaterThanOrEqual(2);
      return rows;
    });
    // ...and its later events have not even been tried: they wait behind it.
    expect(waiting).toHaveLength(3);
    expect(waiting.slice(1)).toEqual([
      { attempts: 0, status: 'PENDING' },
      { attempts: 0, status: 'PENDING' },
    ]);
    expect(ofCustomer(slow.id)).toEqual([]);

    // Back up: the backlog comes in the order the events happened, each once.
    receiver.refuse(() => false);
    await eventually(async () => expect(ofCustomer(slow.id)).toEqual(await order(slow.id)()));
    await worker.get(WebhookDispatcher).idle();
    expect(receiver.received).toHaveLength(5);
    expect(receiver.unverified).toEqual([]);
    expect((await endpoint(endpointId)).enabled).toBe(true);
  });

  it('disables an endpoint after repeated failures, shows it in sales, and resumes the backlog once an admin enables it', async () => {
    const receiver = await newReceiver();
    receiver.refuse(() => true);
    const endpointId = await register(receiver, [CREATED]);
    const c = await sales.ctx.newCustomer();

    // The worker gives up on the endpoint, and sales hears of it.
    await eventually(async () => expect((await endpoint(endpointId)).enabled).toBe(false));
    await worker.get(WebhookDispatcher).idle();
    const [state] = await workerSql<{ enabled: boolean; consecutive_failures: number }>(
      'SELECT enabled, consecutive_failures FROM webhook_endpoint WHERE id = $1',
      [endpointId],
    );
    expect(state).toEqual({ enabled: false, consecutive_failures: DISABLE_AFTER });
    const log = await eventually(async () => {
      const edges = (await endpoint(endpointId)).deliveries.edges;
      expect(edges).toHaveLength(DISABLE_AFTER);
      return edges.map((e) => e.node);
    });
    expect(log.map((a) => a.attempt)).toEqual(Array.from({ length: DISABLE_AFTER }, (_, i) => DISABLE_AFTER - i));
    expect(log.every((a) => a.statusCode === 503 && a.outcome === 'RETRYING' && a.error === 'the receiver answered 503')).toBe(true);
    expect(receiver.received).toEqual([]);

    // Nothing is tried while it is disabled.
    await new Promise((r) => setTimeout(r, 500));
    expect(
      (await workerSql<{ attempts: number }>('SELECT attempts FROM webhook_delivery WHERE endpoint_id = $1', [endpointId]))[0]!.attempts,
    ).toBe(DISABLE_AFTER);

    receiver.refuse(() => false);
    const res = await sales.gql<{ enableWebhookEndpoint: { enabled: boolean } }>(
      'mutation($id: ID!) { enableWebhookEndpoint(id: $id) { enabled } }',
      {
        id: endpointId,
      },
    );
    expect(res.data!.enableWebhookEndpoint.enabled).toBe(true);
    await eventually(async () => expect(receiver.received.map((e) => e.subject)).toEqual([c.id]));
    await eventually(async () =>
      expect((await endpoint(endpointId)).deliveries.edges[0]!.node).toMatchObject({ outcome: 'DELIVERED', statusCode: 204 }),
    );
    expect(receiver.unverified).toEqual([]);
  });
});
