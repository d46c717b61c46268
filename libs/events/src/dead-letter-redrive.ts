import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@crm/contracts';
import { Partitioners, type IHeaders, type Kafka, type KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_HEADERS } from './dead-letters';

const READ_TIMEOUT_MS = 30_000;

/** A parked message as an operator reads it: which event, why it was parked, and by which group. */
export interface DeadLetter {
  offset: string;
  /** The CloudEvents id, or null when the message was too malformed to carry one. */
  id: string | null;
  type: string | null;
  group: string | null;
  attempts: number;
  reason: string;
  message: KafkaMessage;
}

const text = (headers: IHeaders | undefined, name: string): string | null => {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined ? null : value.toString();
};

/** `crm.sales.customer.v1` and `crm.sales.customer.v1.dlq` both name the same dead letters. */
export function sourceTopicOf(topic: string): string {
  return topic.endsWith('.dlq') ? topic.slice(0, -'.dlq'.length) : topic;
}

/** Every message in `<topic>.dlq`, oldest first; reads without a committed group, so reading changes nothing. */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const dlq = deadLetterTopic(sourceTopicOf(topic));
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; high: string; low: string }[];
  try {
    if (!(await admin.listTopics()).includes(dlq))
      throw new Error(`no dead-letter topic ${dlq}: is ${sourceTopicOf(topic)} consumed by any service?`);
    ends = await admin.fetchTopicOffsets(dlq);
  } finally {
    await admin.disconnect();
  }
  const remaining = new Map(ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]));
  if (remaining.size === 0) return [];

  const out: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, allowAutoTopicCreation: false });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${dlq}: is the broker reachable?`)), READ_TIMEOUT_MS);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const h = message.headers;
            out.push({
              offset: message.offset,
              id: text(h, 'ce_id'),
              type: text(h, 'ce_type'),
              group: text(h, 'dlq_group'),
              attempts: Number(text(h, 'dlq_attempts') ?? 0),
              reason: text(h, 'dlq_reason') ?? '(none recorded)',
              message,
            });
            if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => Number(a.offset) - Number(b.offset));
}

/**
 * Sends dead letters back to the topic they came from (all of them, or the one with event id `id`),
 * with their original key, value and headers. Every group on that topic sees the event again; the
 * one that parked it applies it now that its cause is fixed, and the others' inboxes (like the
 * parking group's, if it is redriven twice) record it as already applied.
 */
export async function redriveDeadLetters(kafka: Kafka, topic: string, opts: { id?: string } = {}): Promise<DeadLetter[]> {
  const letters = (await readDeadLetters(kafka, topic)).filter((l) => !opts.id || l.id === opts.id);
  if (opts.id && letters.length === 0)
    throw new Error(`no dead letter with event id ${opts.id} in ${deadLetterTopic(sourceTopicOf(topic))}`);
  if (letters.length === 0) return [];
  // Keyed like the original producers (murmur2), so an event lands on its customer's partition again.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.send({
      topic: sourceTopicOf(topic),
      acks: -1,
      messages: letters.map(({ message }) => ({ key: message.key, value: message.value, headers: originalHeaders(message.headers) })),
    });
  } finally {
    await producer.disconnect();
  }
  return letters;
}

function originalHeaders(headers: IHeaders | undefined): IHeaders {
  const out: IHeaders = { ...headers };
  for (const name of DEAD_LETTER_HEADERS) delete out[name];
  return out;
}
