import type { BrokerState } from '../broker-state';
import type { PartitionLog } from '../log/partition-log';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/errors';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import type { ApiSpec } from './api-spec';

interface FetchPartition {
  partition: number;
  fetchOffset: number;
  maxBytes: number;
}

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  sessionEpoch: number;
  topics: { name: string; partitions: FetchPartition[] }[];
}

function readFetch(version: number, r: Reader): FetchRequest {
  r.int32(); // replica id: only consumers fetch here
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = r.int32();
  r.int8(); // isolation level: without transactions the last stable offset is the high watermark
  let sessionEpoch = -1;
  if (version >= 7) {
    r.int32(); // session id
    sessionEpoch = r.int32();
  }
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const partition = p.int32();
      if (version >= 9) p.int32(); // current leader epoch
      const fetchOffset = p.int64();
      if (version >= 5) p.int64(); // follower log start offset
      return { partition, fetchOffset, maxBytes: p.int32() };
    }),
  }));
  if (version >= 7) r.array((t) => [t.string(), t.array((p) => p.int32())]); // forgotten topics
  if (version >= 11) r.string(); // rack id
  return { maxWaitMs, minBytes, maxBytes, sessionEpoch, topics };
}

interface PartitionData {
  partition: number;
  error: number;
  log: PartitionLog | undefined;
  records: Buffer[];
}

/** Reads every partition within the request's byte limits; `bytes` is what came back. */
function collect(state: BrokerState, req: FetchRequest): { topics: { name: string; partitions: PartitionData[] }[]; bytes: number } {
  let remaining = req.maxBytes;
  let bytes = 0;
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p): PartitionData => {
      const log = state.topics.partition(t.name, p.partition);
      if (!log) return { partition: p.partition, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, log, records: [] };
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
        return { partition: p.partition, error: ErrorCode.OFFSET_OUT_OF_RANGE, log, records: [] };
      }
      const records = log.read(p.fetchOffset, Math.min(p.maxBytes, remaining), bytes === 0);
      const size = records.reduce((n, b) => n + b.length, 0);
      bytes += size;
      remaining = Math.max(0, remaining - size);
      return { partition: p.partition, error: ErrorCode.NONE, log, records };
    }),
  }));
  return { topics, bytes };
}

/** Cheap check used while long-polling: would a fetch now return at least minBytes? */
function available(state: BrokerState, req: FetchRequest): number {
  let bytes = 0;
  for (const t of req.topics) {
    for (const p of t.partitions) {
      const log = state.topics.partition(t.name, p.partition);
      if (!log || p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) return Infinity; // errors answer at once
      bytes += Math.min(log.bytesFrom(p.fetchOffset), p.maxBytes);
    }
  }
  return bytes;
}

function encode(version: number, error: number, topics: { name: string; partitions: PartitionData[] }[]): Writer {
  const w = new Writer().int32(0);
  if (version >= 7) w.int16(error).int32(0); // session id 0: no fetch session was created
  w.array(topics, (tw, t) => {
    tw.string(t.name).array(t.partitions, (pw, p) => {
      const hwm = p.log?.highWatermark ?? -1;
      pw.int32(p.partition).int16(p.error).int64(hwm).int64(hwm);
      if (version >= 5) pw.int64(p.log?.logStartOffset ?? -1);
      pw.array([], () => undefined); // aborted transactions
      if (version >= 11) pw.int32(-1); // preferred read replica
      pw.bytesList(p.records);
    });
  });
  return w;
}

export const fetchApi: ApiSpec = {
  key: ApiKey.Fetch,
  name: 'Fetch',
  // v4 is the first version that returns record batches with the last stable offset.
  minVersion: 4,
  maxVersion: 11,
  async handle({ state }, version, r) {
    const req = readFetch(version, r);
    // Incremental fetch sessions (KIP-227) are not kept; clients fall back to full fetches.
    if (req.sessionEpoch > 0) return encode(version, ErrorCode.FETCH_SESSION_ID_NOT_FOUND, []);
    const deadline = Date.now() + Math.max(0, req.maxWaitMs);
    const logs = req.topics.flatMap((t) =>
      t.partitions.map((p) => state.topics.partition(t.name, p.partition)).filter((l) => l !== undefined),
    );
    while (available(state, req) < Math.max(1, req.minBytes)) {
      const left = deadline - Date.now();
      if (left <= 0 || !(await state.waitForData(logs, left))) break;
    }
    return encode(version, ErrorCode.NONE, collect(state, req).topics);
  },
};

export const listOffsetsApi: ApiSpec = {
  key: ApiKey.ListOffsets,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 3,
  handle({ state }, version, r) {
    r.int32(); // replica id
    if (version >= 2) r.int8(); // isolation level
    const topics = r.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ partition: p.int32(), timestamp: p.int64() })),
    }));
    const w = new Writer();
    if (version >= 2) w.int32(0);
    w.array(topics, (tw, t) => {
      tw.string(t.name).array(t.partitions, (pw, p) => {
        const log = state.topics.partition(t.name, p.partition);
        pw.int32(p.partition);
        if (!log) {
          pw.int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).int64(-1).int64(-1);
        } else if (p.timestamp === -1) {
          pw.int16(ErrorCode.NONE).int64(-1).int64(log.highWatermark);
        } else if (p.timestamp === -2) {
          pw.int16(ErrorCode.NONE).int64(-1).int64(log.logStartOffset);
        } else {
          const hit = log.offsetForTimestamp(p.timestamp);
          pw.int16(ErrorCode.NONE)
            .int64(hit?.timestamp ?? -1)
            .int64(hit?.offset ?? -1);
        }
      });
    });
    return w;
  },
};
