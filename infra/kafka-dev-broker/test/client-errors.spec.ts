import { start, type RunningBroker } from '../src';
import { logLevel } from 'kafkajs';
import { createTopic, kafka, producerConfig } from './support';

/** What kafkajs applications see when they ask for something the broker does not have or do. */
describe('errors as kafkajs reports them', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await start({ port: 0 });
    await createTopic(kafka(broker.brokers), 'one-partition', 1);
  });

  afterAll(() => broker.stop());

  const quickClient = () => kafka(broker.brokers, { retry: { retries: 1, initialRetryTime: 50 } });

  it('fails a send to an unknown topic with UNKNOWN_TOPIC_OR_PARTITION when auto-creation is off', async () => {
    const producer = quickClient().producer(producerConfig());
    await producer.connect();
    const err = await producer.send({ topic: 'nobody-created-me', messages: [{ value: 'x' }] }).catch((e: Error) => e);
    await producer.disconnect();
    expect(err).toBeInstanceOf(Error);
    expect((err as Error & { cause?: { type: string } }).cause?.type ?? (err as { type?: string }).type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    const admin = quickClient().admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain('nobody-created-me');
    await admin.disconnect();
  });

  it('answers a send to a partition the broker no longer has with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    // kafkajs drops messages for partitions missing from its own metadata without asking the broker,
    // so the broker's answer shows when that metadata is stale: 6 partitions become 1. kafkajs then
    // refreshes its metadata, finds no partition 5 and resolves with no record metadata.
    const protocolErrors: { message?: string; error?: string }[] = [];
    const client = kafka(broker.brokers, {
      retry: { retries: 1, initialRetryTime: 50 },
      logLevel: logLevel.ERROR,
      logCreator: () => (entry) => void protocolErrors.push(entry.log),
    });
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'shrinking', numPartitions: 6 }] });
    const producer = client.producer(producerConfig());
    await producer.connect();
    await producer.send({ topic: 'shrinking', messages: [{ value: 'x', partition: 5 }] });
    await admin.deleteTopics({ topics: ['shrinking'] });
    await admin.createTopics({ topics: [{ topic: 'shrinking', numPartitions: 1 }] });
    const result = await producer.send({ topic: 'shrinking', messages: [{ value: 'x', partition: 5 }] });
    await producer.disconnect();
    await admin.disconnect();
    expect(protocolErrors).toContainEqual(
      expect.objectContaining({ message: 'Response Produce(key: 0, version: 7)', error: 'This server does not host this topic-partition' }),
    );
    expect(result).toEqual([]);
  });

  it('creates a topic on first use when auto-creation is on', async () => {
    const auto = await start({ port: 0, autoCreateTopics: true, defaultPartitions: 3 });
    const client = kafka(auto.brokers);
    const producer = client.producer(producerConfig());
    await producer.connect();
    const [meta] = await producer.send({ topic: 'made-on-demand', messages: [{ value: 'x' }] });
    await producer.disconnect();
    expect(meta!.errorCode).toBe(0);
    const admin = client.admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: ['made-on-demand'] });
    await admin.disconnect();
    await auto.stop();
    expect(topics[0]!.partitions).toHaveLength(3);
  });

  it('refuses transactions promptly with the protocol’s error instead of hanging', async () => {
    const producer = quickClient().producer(producerConfig({ transactionalId: 'tx-1', idempotent: true, maxInFlightRequests: 1 }));
    const err = await producer
      .connect()
      .then(() => producer.transaction())
      .catch((e: Error) => e);
    await producer.disconnect();
    // The broker answers FindCoordinator for a transaction with INVALID_REQUEST; kafkajs reports it as no coordinator.
    expect((err as Error).name).toBe('KafkaJSGroupCoordinatorNotFound');
  });

  it('refuses SASL with UNSUPPORTED_SASL_MECHANISM', async () => {
    const client = kafka(broker.brokers, { sasl: { mechanism: 'plain', username: 'u', password: 'p' }, retry: { retries: 0 } });
    const admin = client.admin();
    const err = await admin.connect().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/SASL/i);
  });
});
