import { Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers, uniqueTopicPrefix } from './kafka';

describe('the run-wide Kafka broker', () => {
  it('is reachable with kafkajs at the brokers the global setup published', async () => {
    const brokers = testKafkaBrokers();
    expect(brokers.length).toBeGreaterThan(0);
    const admin = new Kafka({ clientId: 'testing-spec', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topic = `${uniqueTopicPrefix()}.testing-spec`;
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
      expect(await admin.listTopics()).toContain(topic);
      const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(meta?.partitions).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }
  });

  it('gives every caller its own topic prefix', () => {
    const prefixes = new Set(Array.from({ length: 50 }, () => uniqueTopicPrefix()));
    expect(prefixes.size).toBe(50);
    for (const p of prefixes) expect(p).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('says what is missing when the global setup did not run', () => {
    const saved = process.env.CRM_TEST_KAFKA_BROKERS;
    delete process.env.CRM_TEST_KAFKA_BROKERS;
    try {
      expect(() => testKafkaBrokers()).toThrow(/CRM_TEST_KAFKA_BROKERS is not set.*globalSetup/);
    } finally {
      process.env.CRM_TEST_KAFKA_BROKERS = saved;
    }
  });
});
