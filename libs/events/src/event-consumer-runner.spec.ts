import { LeadConverted, type PayloadOf } from '@crm/contracts';
import type { Transaction, UnitOfWork } from '@crm/database';
import { createLogger, Metrics, ReadinessRegistry } from '@crm/observability';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { toKafkaMessage } from './cloud-event-codec';
import type { DeadLetters } from './dead-letters';
import { EventConsumerRunner } from './event-consumer-runner';
import { on } from './event-handler';

const CUSTOMER = '6f1c2a4e-0000-4000-8000-000000000002';
const data: PayloadOf<typeof LeadConverted> = {
  leadId: '6f1c2a4e-0000-4000-8000-000000000001',
  customerId: CUSTOMER,
  existingCustomer: false,
  customerName: 'Acme',
  customerKind: 'COMPANY',
  contact: { contactId: '6f1c2a4e-0000-4000-8000-000000000003', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.test' },
  opportunity: null,
  ownerId: null,
  convertedBy: null,
  convertedAt: '2026-12-01T12:00:00.000Z',
};

/** A message of the lead topic at `offset`: a conversion, or a type the group has no handler for. */
function message(offset: number, type: string): KafkaMessage {
  const m = toKafkaMessage({
    id: `6f1c2a4e-0000-4000-8000-${String(offset).padStart(12, '0')}`,
    topic: LeadConverted.topic,
    type,
    source: LeadConverted.source,
    subject: CUSTOMER,
    time: new Date(data.convertedAt),
    data,
  });
  const headers = Object.fromEntries(Object.entries(m.headers!).map(([k, v]) => [k, Buffer.from(String(v))]));
  return {
    key: Buffer.from(CUSTOMER),
    value: Buffer.from(String(m.value)),
    headers,
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
  };
}

/**
 * The runner against a stand-in consumer: `batch(messages)` hands it one batch as kafkajs would and
 * says which offsets it resolved; `transactions` counts the transactions it opened.
 */
async function runner() {
  let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events: { GROUP_JOIN: 'join', STOP: 'stop', DISCONNECT: 'disconnect', CRASH: 'crash' },
    on: () => undefined,
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: (o: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => {
      eachBatch = o.eachBatch;
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
  };
  const kafka = { consumer: () => consumer, admin: () => ({ connect: () => Promise.resolve(), disconnect: () => Promise.resolve() }) };
  const tx = {
    // claimInbox: every event is new.
    manager: { query: (_sql: string, params: [string, string[]]) => Promise.resolve(params[1].map((id) => ({ event_id: id }))) },
  } as unknown as Transaction;
  let transactions = 0;
  const uow = {
    run: async <T>(_caller: unknown, work: (t: Transaction) => Promise<T>): Promise<T> => {
      transactions++;
      return work(tx);
    },
  } as unknown as UnitOfWork;
  const deadLetters = { connect: () => Promise.resolve(), disconnect: () => Promise.resolve(), park: () => Promise.resolve() };
  const r = new EventConsumerRunner(
    kafka as unknown as Kafka,
    { brokers: [], clientId: 'spec', produces: [], consumes: [], pollMs: 100 },
    createLogger('spec', 'silent'),
    uow,
    new ReadinessRegistry(),
    deadLetters as unknown as DeadLetters,
    new Metrics(),
  );
  const applied: string[] = [];
  r.subscribe('spec-leads', [on(LeadConverted, (e) => Promise.resolve(void applied.push(e.id)))]);
  await r.onApplicationBootstrap();
  const batch = async (messages: KafkaMessage[]) => {
    const resolved: string[] = [];
    await eachBatch!({
      batch: { topic: LeadConverted.topic, partition: 0, messages },
      isRunning: () => true,
      isStale: () => false,
      resolveOffset: (o: string) => void resolved.push(o),
      heartbeat: () => Promise.resolve(),
      commitOffsetsIfNecessary: () => Promise.resolve(),
    } as unknown as EachBatchPayload);
    return resolved;
  };
  return { batch, applied, transactions: () => transactions, stop: () => r.onModuleDestroy() };
}

describe('EventConsumerRunner', () => {
  it('opens no transaction for a chunk of types the group does not handle, and still moves past it', async () => {
    const r = await runner();
    const resolved = await r.batch([message(1, 'crm.marketing.lead.other.v1'), message(2, 'crm.marketing.lead.other.v1')]);
    await r.stop();
    expect(r.transactions()).toBe(0);
    expect(resolved).toEqual(['2']);
    expect(r.applied).toEqual([]);
  });

  it('applies the handled events of a mixed chunk in one transaction', async () => {
    const r = await runner();
    const resolved = await r.batch([
      message(1, LeadConverted.type),
      message(2, 'crm.marketing.lead.other.v1'),
      message(3, LeadConverted.type),
    ]);
    await r.stop();
    expect(r.transactions()).toBe(1);
    expect(r.applied).toEqual(['6f1c2a4e-0000-4000-8000-000000000001', '6f1c2a4e-0000-4000-8000-000000000003']);
    expect(resolved).toEqual(['3']);
  });
});
