import type { BrokerState } from '../broker-state';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/errors';
import { InvalidBatchError, isControl, isTransactional, validateBatch } from '../protocol/record-batch';
import { Writer } from '../protocol/writer';
import type { ApiSpec } from './api-spec';

interface PartitionResult {
  partition: number;
  error: number;
  baseOffset: number;
}

function appendPartition(
  state: BrokerState,
  topicName: string,
  partition: number,
  records: Buffer | null,
  transactional: boolean,
): PartitionResult {
  const fail = (error: number): PartitionResult => ({ partition, error, baseOffset: -1 });
  const topic = state.topics.get(topicName);
  const log = topic?.partitions[partition];
  if (!topic || !log) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!records || records.length === 0) return fail(ErrorCode.CORRUPT_MESSAGE);
  let h;
  try {
    h = validateBatch(records);
  } catch (e) {
    if (e instanceof InvalidBatchError) {
      state.log(`produce to ${topicName}-${partition} refused: ${e.message}`);
      return fail(ErrorCode.CORRUPT_MESSAGE);
    }
    throw e;
  }
  // Produce v3+ carries exactly one batch per partition.
  if (h.size !== records.length) return fail(ErrorCode.CORRUPT_MESSAGE);
  if (transactional || isTransactional(h) || isControl(h)) return fail(ErrorCode.INVALID_TXN_STATE);
  const limit = Number(topic.configs['max.message.bytes'] ?? state.settings.maxMessageBytes);
  if (h.size > limit) return fail(ErrorCode.MESSAGE_TOO_LARGE);
  const seq = log.producers.check(h);
  if (seq.kind === 'error') return fail(seq.code);
  if (seq.kind === 'duplicate') return { partition, error: ErrorCode.NONE, baseOffset: seq.baseOffset };
  return { partition, error: ErrorCode.NONE, baseOffset: log.append(records, h) };
}

export const produceApi: ApiSpec = {
  key: ApiKey.Produce,
  name: 'Produce',
  // v0-v2 carry message sets (magic 0/1); this broker stores record batches only.
  minVersion: 3,
  maxVersion: 7,
  handle({ state }, version, r) {
    const transactionalId = r.nullableString();
    const acks = r.int16();
    r.int32(); // timeout: there are no replicas to wait for
    const topics = r.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ partition: p.int32(), records: p.nullableBytes() })),
    }));
    const validAcks = acks === 0 || acks === 1 || acks === -1;
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) =>
        validAcks
          ? appendPartition(state, t.name, p.partition, p.records, transactionalId !== null)
          : { partition: p.partition, error: ErrorCode.INVALID_REQUIRED_ACKS, baseOffset: -1 },
      ),
    }));
    if (acks === 0) return null;

    const w = new Writer();
    w.array(results, (tw, t) => {
      tw.string(t.name).array(t.partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.error).int64(p.baseOffset).int64(-1); // log_append_time: CreateTime topics
        if (version >= 5) pw.int64(state.topics.partition(t.name, p.partition)?.logStartOffset ?? -1);
      });
    });
    w.int32(0);
    return w;
  },
};

export const initProducerIdApi: ApiSpec = {
  key: ApiKey.InitProducerId,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle({ state }, _version, r) {
    const transactionalId = r.nullableString();
    r.int32(); // transaction timeout
    const w = new Writer().int32(0);
    // Transactions are out of scope: a transactional id gets a clear, non-retriable refusal.
    if (transactionalId !== null) return w.int16(ErrorCode.INVALID_REQUEST).int64(-1).int16(-1);
    return w.int16(ErrorCode.NONE).int64(state.producerIds.allocate()).int16(0);
  },
};
