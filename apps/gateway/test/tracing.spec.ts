import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphqlClient, startTestStack, type TestStack } from '@crm/testing';

/** One span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

interface OtlpJson {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: Omit<ExportedSpan, 'service'>[] }[];
  }[];
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CONSUMER = 5;

/**
 * A collector in this process: every service of the stack exports its spans here over OTLP/HTTP,
 * and the spec reads them from memory.
 */
function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; server: Server }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
        for (const rs of body.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server })),
  );
}

describe('traces: W3C trace context from the caller through the gateway, sales and the outbox to the analytics consumer', () => {
  let stack: TestStack;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
    // Export every 100 ms instead of every 5 s, so the spans arrive while the spec waits.
    const telemetry = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    stack = await startTestStack({ outboxPollMs: 50, subgraphEnv: telemetry, gatewayEnv: telemetry });
    // Six processes and five migrated databases: on a busy two-core machine that takes longer than one test's default.
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    collector?.server.close();
  });

  it('gives one createCustomer spans from the gateway, sales and the analytics consumer under the caller’s trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const created = await graphqlClient(stack.gatewayUrl)<{ createCustomer: { id: string } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }',
      { i: { name: 'Traced Industries', domain: 'traced.example' } },
      { traceparent: `00-${traceId}-${callerSpanId}-01` },
    );
    expect(created.errors).toBeUndefined();

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    // The caller's first request also signs its user in, and analytics consumes that user.created
    // event in the same trace: the span looked for is the customer's.
    const customerConsumer = (s: ExportedSpan) =>
      s.service === 'analytics' && s.kind === SPAN_KIND_CONSUMER && s.name === 'crm.sales.customer.created.v1 process';
    const deadline = Date.now() + 20_000;
    while (!inTrace().some(customerConsumer) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const spans = inTrace();
    const gatewayServer = spans.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND_SERVER);
    const salesServer = spans.find((s) => s.service === 'sales' && s.kind === SPAN_KIND_SERVER);
    const consumer = spans.find(customerConsumer);
    expect({ gateway: gatewayServer?.name, sales: salesServer?.name, analytics: consumer?.name }).toEqual({
      gateway: 'POST /graphql',
      sales: 'POST /graphql',
      analytics: 'crm.sales.customer.created.v1 process',
    });
    // The caller's span is the gateway's parent; sales is called from inside the gateway's work;
    // the consumer's work continues the sales request that wrote the event, across Kafka.
    expect(gatewayServer!.parentSpanId).toBe(callerSpanId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestry = (s: ExportedSpan): string[] => {
      const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
      return parent ? [parent.service, ...ancestry(parent)] : [];
    };
    expect(ancestry(salesServer!)).toContain('gateway');
    expect(ancestry(consumer!)).toEqual(expect.arrayContaining(['sales', 'gateway']));
  });
});
