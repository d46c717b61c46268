import { start, type RunningBroker } from '../src';
import { API_TABLE } from '../src/api';
import { ApiKey } from '../src/protocol/api-keys';
import { crc32c } from '../src/protocol/crc32c';
import { ErrorCode } from '../src/protocol/errors';
import type { Reader } from '../src/protocol/reader';
import { Writer } from '../src/protocol/writer';
import { produceBody, RawClient, readProduceResponse, recordBatch } from './support';

const none = (): void => undefined;

function createTopicBody(name: string, partitions: number): Writer {
  return new Writer()
    .array([name], (w, n) => w.string(n).int32(partitions).int16(1).array([], none).array([], none))
    .int32(1000)
    .bool(false);
}

function fetchBody(
  topic: string,
  partition: number,
  offset: number,
  opts: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; sessionEpoch?: number } = {},
): Writer {
  return new Writer()
    .int32(-1)
    .int32(opts.maxWaitMs ?? 0)
    .int32(opts.minBytes ?? 1)
    .int32(opts.maxBytes ?? 10_000_000)
    .int8(0)
    .int32(0)
    .int32(opts.sessionEpoch ?? -1)
    .array([topic], (tw, t) =>
      tw.string(t).array([partition], (pw, p) =>
        pw
          .int32(p)
          .int32(-1)
          .int64(offset)
          .int64(-1)
          .int32(opts.maxBytes ?? 1_000_000),
      ),
    )
    .array([], none)
    .string('');
}

interface FetchedPartition {
  error: number;
  highWatermark: number;
  records: Buffer;
}

function readFetch(r: Reader): { error: number; partitions: FetchedPartition[] } {
  r.int32();
  const error = r.int16();
  r.int32();
  const partitions = r
    .array((t) => {
      t.string();
      return t.array((p) => {
        p.int32();
        const perror = p.int16();
        const highWatermark = p.int64();
        p.int64();
        p.int64();
        p.array((a) => [a.int64(), a.int64()]);
        p.int32();
        return { error: perror, highWatermark, records: p.bytes() };
      });
    })
    .flat();
  return { error, partitions };
}

function initProducerIdBody(transactionalId: string | null): Writer {
  return new Writer().string(transactionalId).int32(60_000);
}

describe('the wire protocol, request by request', () => {
  let broker: RunningBroker;
  let raw: RawClient;

  beforeAll(async () => {
    broker = await start({ port: 0, maxRequestBytes: 1024 * 1024 });
    raw = await RawClient.connect(broker.port);
    for (const [name, partitions] of [
      ['events', 1],
      ['idem', 1],
      ['polled', 1],
    ] as const) {
      await raw.request(ApiKey.CreateTopics, 3, createTopicBody(name, partitions));
    }
  });

  afterAll(async () => {
    raw.close();
    await broker.stop();
  });

  const produce = async (topic: string, batch: Buffer | null, partition = 0, acks = -1) =>
    readProduceResponse(await raw.request(ApiKey.Produce, 7, produceBody(topic, partition, batch, acks)));

  describe('ApiVersions', () => {
    const readVersions = (r: Reader) => ({
      error: r.int16(),
      apis: r.array((a) => ({ key: a.int16(), min: a.int16(), max: a.int16() })),
    });

    it('advertises exactly the versions the broker implements', async () => {
      const { error, apis } = readVersions(await raw.request(ApiKey.ApiVersions, 2));
      expect(error).toBe(ErrorCode.NONE);
      expect(apis).toEqual([...API_TABLE.values()].map((a) => ({ key: a.key, min: a.minVersion, max: a.maxVersion })));
      expect(apis.find((a) => a.key === ApiKey.Produce)).toEqual({ key: 0, min: 3, max: 7 });
    });

    it('answers a newer ApiVersions with UNSUPPORTED_VERSION and the list, so the client steps down', async () => {
      const { error, apis } = readVersions(await raw.request(ApiKey.ApiVersions, 3));
      expect(error).toBe(ErrorCode.UNSUPPORTED_VERSION);
      expect(apis.length).toBe(API_TABLE.size);
    });
  });

  describe('Produce', () => {
    it('stores a batch byte for byte: only the base offset and leader epoch are the broker’s', async () => {
      await produce('events', recordBatch({ values: ['a', 'b'] }));
      const sent = recordBatch({ values: ['c', 'd', 'e'] });
      expect(await produce('events', sent)).toEqual({ error: ErrorCode.NONE, baseOffset: 2 });
      const { partitions } = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('events', 0, 2)));
      const stored = partitions[0]!.records;
      expect(stored.length).toBe(sent.length);
      expect(stored.readBigInt64BE(0)).toBe(2n);
      expect(stored.subarray(16)).toEqual(sent.subarray(16)); // magic, CRC, attributes, records
      expect(crc32c(stored, 21)).toBe(stored.readUInt32BE(17));
      expect(partitions[0]!.highWatermark).toBe(5);
    });

    it('refuses a batch whose CRC does not match, and stores nothing', async () => {
      const batch = recordBatch({ values: ['x'] });
      batch.writeUInt8(batch.readUInt8(batch.length - 2) ^ 0xff, batch.length - 2);
      const before = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('events', 0, 0))).partitions[0]!.highWatermark;
      expect(await produce('events', batch)).toEqual({ error: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1 });
      expect(readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('events', 0, 0))).partitions[0]!.highWatermark).toBe(before);
    });

    it('refuses anything but one magic-2 batch', async () => {
      const old = recordBatch({ values: ['x'] });
      old.writeInt8(1, 16);
      expect((await produce('events', old)).error).toBe(ErrorCode.CORRUPT_MESSAGE);
      const two = Buffer.concat([recordBatch({ values: ['x'] }), recordBatch({ values: ['y'] })]);
      expect((await produce('events', two)).error).toBe(ErrorCode.CORRUPT_MESSAGE);
      expect((await produce('events', null)).error).toBe(ErrorCode.CORRUPT_MESSAGE);
    });

    it('answers INVALID_REQUIRED_ACKS for acks other than 0, 1 and -1', async () => {
      expect(await produce('events', recordBatch({ values: ['x'] }), 0, 2)).toEqual({
        error: ErrorCode.INVALID_REQUIRED_ACKS,
        baseOffset: -1,
      });
    });

    it('sends no response for acks=0 but stores the batch', async () => {
      const hwm = async () => readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('events', 0, 0))).partitions[0]!.highWatermark;
      const before = await hwm();
      raw.sendOnly(ApiKey.Produce, 7, produceBody('events', 0, recordBatch({ values: ['fire', 'forget'] }), 0));
      // Requests on a connection are answered in order, so the next answer already sees the batch.
      expect(await hwm()).toBe(before + 2);
    });

    it('answers UNKNOWN_TOPIC_OR_PARTITION for a missing topic or partition', async () => {
      expect((await produce('no-such-topic', recordBatch({ values: ['x'] }))).error).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      expect((await produce('events', recordBatch({ values: ['x'] }), 7)).error).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    });

    it('refuses a batch above max.message.bytes with MESSAGE_TOO_LARGE', async () => {
      const big = recordBatch({ values: ['x'.repeat(1_048_600)] });
      // This suite's broker caps requests at 1 MiB; the batch limit is checked on one that does not.
      const roomy = await start({ port: 0 });
      const c = await RawClient.connect(roomy.port);
      await c.request(ApiKey.CreateTopics, 3, createTopicBody('big', 1));
      expect(readProduceResponse(await c.request(ApiKey.Produce, 7, produceBody('big', 0, big))).error).toBe(ErrorCode.MESSAGE_TOO_LARGE);
      c.close();
      await roomy.stop();
    });
  });

  describe('idempotent producer sequences', () => {
    let producerId: number;

    beforeAll(async () => {
      const r = await raw.request(ApiKey.InitProducerId, 1, initProducerIdBody(null));
      r.int32();
      expect(r.int16()).toBe(ErrorCode.NONE);
      producerId = r.int64();
    });

    it('hands out a new producer id each time', async () => {
      const r = await raw.request(ApiKey.InitProducerId, 1, initProducerIdBody(null));
      r.int32();
      r.int16();
      expect(r.int64()).toBeGreaterThan(producerId);
    });

    it('gives a retried batch its original offsets and does not append it twice', async () => {
      const first = recordBatch({ producerId, baseSequence: 0, values: ['a', 'b', 'c'] });
      const second = recordBatch({ producerId, baseSequence: 3, values: ['d', 'e'] });
      expect(await produce('idem', first)).toEqual({ error: ErrorCode.NONE, baseOffset: 0 });
      expect(await produce('idem', second)).toEqual({ error: ErrorCode.NONE, baseOffset: 3 });
      expect(await produce('idem', recordBatch({ producerId, baseSequence: 0, values: ['a', 'b', 'c'] }))).toEqual({
        error: ErrorCode.NONE,
        baseOffset: 0,
      });
      expect(await produce('idem', recordBatch({ producerId, baseSequence: 3, values: ['d', 'e'] }))).toEqual({
        error: ErrorCode.NONE,
        baseOffset: 3,
      });
      const { partitions } = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('idem', 0, 0)));
      expect(partitions[0]!.highWatermark).toBe(5);
    });

    it('answers OUT_OF_ORDER_SEQUENCE_NUMBER for a gap or for a new producer not starting at 0', async () => {
      expect(await produce('idem', recordBatch({ producerId, baseSequence: 9, values: ['z'] }))).toEqual({
        error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        baseOffset: -1,
      });
      expect((await produce('idem', recordBatch({ producerId: producerId + 500, baseSequence: 4, values: ['z'] }))).error).toBe(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      );
      expect(await produce('idem', recordBatch({ producerId, baseSequence: 5, values: ['f'] }))).toEqual({
        error: ErrorCode.NONE,
        baseOffset: 5,
      });
    });

    it('fences an older epoch with INVALID_PRODUCER_EPOCH', async () => {
      expect((await produce('idem', recordBatch({ producerId, producerEpoch: 1, baseSequence: 0, values: ['g'] }))).error).toBe(
        ErrorCode.NONE,
      );
      expect((await produce('idem', recordBatch({ producerId, producerEpoch: 0, baseSequence: 6, values: ['h'] }))).error).toBe(
        ErrorCode.INVALID_PRODUCER_EPOCH,
      );
    });

    it('refuses a transaction coordinator lookup with INVALID_REQUEST and a reason', async () => {
      const r = await raw.request(ApiKey.FindCoordinator, 2, new Writer().string('txn-1').int8(1));
      r.int32();
      expect([r.int16(), r.nullableString()]).toEqual([
        ErrorCode.INVALID_REQUEST,
        'transactions are not supported by the development broker',
      ]);
    });

    it('refuses transactional ids: transactions are out of scope', async () => {
      const r = await raw.request(ApiKey.InitProducerId, 1, initProducerIdBody('txn-1'));
      r.int32();
      expect(r.int16()).toBe(ErrorCode.INVALID_REQUEST);
    });
  });

  describe('Fetch and ListOffsets', () => {
    it('long-polls until data arrives, then answers before maxWait', async () => {
      const other = await RawClient.connect(broker.port);
      const waiting = other.request(ApiKey.Fetch, 11, fetchBody('polled', 0, 0, { maxWaitMs: 30_000 }));
      let answered = false;
      void waiting.then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 100));
      expect(answered).toBe(false);
      await produce('polled', recordBatch({ values: ['wake up'] }));
      const { partitions } = readFetch(await waiting);
      expect(partitions[0]!.records.length).toBeGreaterThan(0);
      other.close();
    });

    it('waits out maxWait when fewer than minBytes are there, then answers what it has', async () => {
      const startedAt = Date.now();
      const { partitions } = readFetch(
        await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, 0, { maxWaitMs: 300, minBytes: 1_000_000 })),
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
      expect(partitions[0]!.records.length).toBeGreaterThan(0);
    });

    it('honours maxBytes in whole batches, and returns one oversized first batch so consumers progress', async () => {
      const b1 = recordBatch({ values: ['one'.repeat(50)] });
      const b2 = recordBatch({ values: ['two'.repeat(50)] });
      const base = (await produce('polled', b1)).baseOffset;
      await produce('polled', b2);
      const limited = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, base, { maxBytes: b1.length + 10 })));
      expect(limited.partitions[0]!.records.length).toBe(b1.length);
      const tiny = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, base, { maxBytes: 1 })));
      expect(tiny.partitions[0]!.records.length).toBe(b1.length);
      const all = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, base)));
      expect(all.partitions[0]!.records.length).toBe(b1.length + b2.length);
    });

    it('answers OFFSET_OUT_OF_RANGE past the high watermark and UNKNOWN_TOPIC_OR_PARTITION for a missing partition', async () => {
      const hwm = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, 0))).partitions[0]!.highWatermark;
      expect(
        readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, hwm + 1, { maxWaitMs: 5000 }))).partitions[0]!.error,
      ).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
      expect(readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, -5))).partitions[0]!.error).toBe(
        ErrorCode.OFFSET_OUT_OF_RANGE,
      );
      expect(readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 3, 0, { maxWaitMs: 5000 }))).partitions[0]!.error).toBe(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      );
    });

    it('answers FETCH_SESSION_ID_NOT_FOUND to an incremental fetch session it never opened', async () => {
      expect(readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('polled', 0, 0, { sessionEpoch: 3 }))).error).toBe(
        ErrorCode.FETCH_SESSION_ID_NOT_FOUND,
      );
    });

    it('lists the earliest and latest offsets', async () => {
      const body = new Writer()
        .int32(-1)
        .int8(0)
        .array(['events'], (tw, t) => tw.string(t).array([-2, -1], (pw, ts) => pw.int32(0).int64(ts)));
      const r = await raw.request(ApiKey.ListOffsets, 3, body);
      r.int32();
      const res = r.array((t) => {
        t.string();
        return t.array((p) => ({ partition: p.int32(), error: p.int16(), timestamp: p.int64(), offset: p.int64() }));
      })[0]!;
      const hwm = readFetch(await raw.request(ApiKey.Fetch, 11, fetchBody('events', 0, 0))).partitions[0]!.highWatermark;
      expect(res.map((p) => [p.error, p.offset])).toEqual([
        [ErrorCode.NONE, 0],
        [ErrorCode.NONE, hwm],
      ]);
    });
  });

  describe('bad input closes only the connection that sent it', () => {
    const stillServed = async () => {
      const r = await raw.request(ApiKey.ApiVersions, 2);
      expect(r.int16()).toBe(ErrorCode.NONE);
    };

    it.each([
      ['a truncated body', () => Buffer.from([0, 0, 0, 12, 0, 3, 0, 6, 0, 0, 0, 1, 0, 0, 0, 5])],
      ['an array count larger than the frame', () => Buffer.from([0, 0, 0, 14, 0, 3, 0, 6, 0, 0, 0, 1, 0, 0, 0x7f, 0xff, 0xff, 0xff])],
      ['a negative frame size', () => Buffer.from([0xff, 0xff, 0xff, 0xf0, 1, 2, 3])],
      ['a frame larger than maxRequestBytes', () => Buffer.from([0x10, 0, 0, 0, 0, 0])],
      [
        'an API key the broker does not implement (AddPartitionsToTxn)',
        () => Buffer.from([0, 0, 0, 10, 0, 24, 0, 0, 0, 0, 0, 1, 0xff, 0xff]),
      ],
      ['a version below the supported range (Produce v2)', () => Buffer.from([0, 0, 0, 10, 0, 0, 0, 2, 0, 0, 0, 1, 0xff, 0xff])],
    ])('%s', async (_case, bytes) => {
      const bad = await RawClient.connect(broker.port);
      bad.writeRaw(bytes());
      await bad.waitClosed();
      await stillServed();
    });
  });
});
