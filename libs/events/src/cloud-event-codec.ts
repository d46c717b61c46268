import type { CloudEvent } from '@crm/contracts';
import type { IHeaders, Message } from 'kafkajs';

/**
 * A row of the outbox. The relay reads its payload as the stored JSON text (`dataJson`): parsing it
 * into objects only to serialise it again cost the relay a JSON round trip per event. Tools and tests
 * hand over the payload as a value (`data`).
 */
export type OutboxRow = {
  id: string;
  topic: string;
  type: string;
  source: string;
  subject: string;
  time: Date;
  traceparent?: string | null;
  /** The outbox row's `seq` (commit order within the producer's database); none for events sent by tools. */
  seq?: string | bigint | null;
} & ({ data: unknown } | { dataJson: string });

/**
 * Digits of a CloudEvents `sequence`: enough for any unsigned 64-bit counter (an outbox `seq` is a
 * bigint). The extension's values are strings compared lexicographically; zero-padded to one width,
 * that order is the numeric one.
 */
const SEQUENCE_DIGITS = 20;
const SEQUENCE = /^[0-9]{1,20}$/;

/** The CloudEvents `sequence` of a counter value: zero-padded decimal, so string order is numeric order. */
export function eventSequence(seq: string | bigint): string {
  const digits = typeof seq === 'bigint' ? seq.toString() : seq;
  if (!SEQUENCE.test(digits)) throw new Error(`sequence "${digits}" is not a non-negative integer of at most ${SEQUENCE_DIGITS} digits`);
  return digits.padStart(SEQUENCE_DIGITS, '0');
}

/** CloudEvents Kafka protocol binding, binary mode: attributes in `ce_` headers, data as the value. */
export function toKafkaMessage(row: OutboxRow): Message {
  return {
    key: row.subject,
    value: 'dataJson' in row ? row.dataJson : JSON.stringify(row.data),
    headers: {
      ce_specversion: '1.0',
      ce_id: row.id,
      ce_source: row.source,
      ce_type: row.type,
      ce_subject: row.subject,
      ce_time: row.time.toISOString(),
      'content-type': 'application/json',
      // The CloudEvents distributed-tracing extension, under the header name W3C/OpenTelemetry tools read.
      ...(row.traceparent ? { traceparent: row.traceparent } : {}),
      // The CloudEvents sequence extension: the producer's commit order, which consumers that keep
      // "the latest state" order by (events of one record may travel on several partitions).
      ...(row.seq != null ? { ce_sequence: eventSequence(row.seq) } : {}),
    },
  };
}

export class MalformedEventError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function optionalHeader(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value?.toString();
}

function header(headers: IHeaders | undefined, name: string): string {
  const value = optionalHeader(headers, name);
  if (value === undefined) throw new MalformedEventError(`missing header ${name}`);
  return value;
}

export function fromKafkaMessage(message: { headers?: IHeaders; value: Buffer | null }): CloudEvent {
  if (header(message.headers, 'ce_specversion') !== '1.0') throw new MalformedEventError('not a CloudEvents 1.0 message');
  let data: unknown;
  try {
    data = JSON.parse(message.value?.toString() ?? 'null');
  } catch {
    throw new MalformedEventError('value is not JSON');
  }
  const id = header(message.headers, 'ce_id');
  // Ids are UUIDs (the inbox keys on them); anything else would fail every retry.
  if (!UUID.test(id)) throw new MalformedEventError(`ce_id "${id}" is not a UUID`);
  // Optional: events published before it existed (and replays of their logs) carry none.
  const rawSequence = optionalHeader(message.headers, 'ce_sequence');
  if (rawSequence !== undefined && !SEQUENCE.test(rawSequence))
    throw new MalformedEventError(`ce_sequence "${rawSequence}" is not a non-negative integer of at most ${SEQUENCE_DIGITS} digits`);
  return {
    specversion: '1.0',
    id,
    source: header(message.headers, 'ce_source'),
    type: header(message.headers, 'ce_type'),
    subject: header(message.headers, 'ce_subject'),
    time: header(message.headers, 'ce_time'),
    datacontenttype: 'application/json',
    data,
    traceparent: optionalHeader(message.headers, 'traceparent') ?? optionalHeader(message.headers, 'ce_traceparent'),
    ...(rawSequence !== undefined ? { sequence: eventSequence(rawSequence) } : {}),
  };
}
