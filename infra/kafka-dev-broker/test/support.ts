import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type ProducerConfig } from 'kafkajs';
import { crc32c } from '../src/protocol/crc32c';
import { Reader } from '../src/protocol/reader';
import { Writer } from '../src/protocol/writer';

export function tempDir(prefix = 'kafka-dev-broker-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function kafka(brokers: string[], config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId: 'test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 }, ...config });
}

export function producerConfig(extra: ProducerConfig = {}): ProducerConfig {
  return { createPartitioner: Partitioners.DefaultPartitioner, ...extra };
}

/** Creates a topic through a short-lived admin client. */
export async function createTopic(client: Kafka, topic: string, numPartitions: number): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }] });
  await admin.disconnect();
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A bare protocol client for what kafkajs cannot be made to send: bad frames, retries, raw versions. */
export class RawClient {
  private socket!: net.Socket;
  private buffered = Buffer.alloc(0);
  private pending = new Map<number, (r: Reader) => void>();
  private nextCorrelation = 1;
  closed = false;
  private closeWaiters: (() => void)[] = [];

  static async connect(port: number): Promise<RawClient> {
    const c = new RawClient();
    await new Promise<void>((resolve, reject) => {
      c.socket = net.connect(port, '127.0.0.1', resolve);
      c.socket.once('error', reject);
    });
    c.socket.on('error', () => undefined);
    c.socket.on('data', (d) => c.onData(d));
    c.socket.on('close', () => {
      c.closed = true;
      for (const w of c.closeWaiters) w();
    });
    return c;
  }

  private onData(d: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, d]);
    while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
      const size = this.buffered.readInt32BE(0);
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const correlation = frame.readInt32BE(0);
      this.pending.get(correlation)?.(new Reader(frame, 4));
      this.pending.delete(correlation);
    }
  }

  /** Sends a request with a v1 header; resolves with the response body, or rejects when the broker closes the connection. */
  request(apiKey: number, version: number, body: Writer = new Writer()): Promise<Reader> {
    const correlation = this.nextCorrelation++;
    const header = new Writer().int16(apiKey).int16(version).int32(correlation).string('raw-test');
    const payload = Buffer.concat([...header.toChunks(), ...body.toChunks()]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return new Promise((resolve, reject) => {
      this.pending.set(correlation, resolve);
      this.closeWaiters.push(() => reject(new Error('connection closed by broker')));
      this.socket.write(Buffer.concat([size, payload]));
    });
  }

  /** Sends a request and expects no response (Produce with acks=0). */
  sendOnly(apiKey: number, version: number, body: Writer): void {
    const header = new Writer().int16(apiKey).int16(version).int32(this.nextCorrelation++).string('raw-test');
    const payload = Buffer.concat([...header.toChunks(), ...body.toChunks()]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    this.socket.write(Buffer.concat([size, payload]));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  waitClosed(): Promise<void> {
    return this.closed ? Promise.resolve() : new Promise((r) => this.closeWaiters.push(r));
  }

  close(): void {
    this.socket.destroy();
  }
}

function varint(n: number): Buffer {
  let v = (n << 1) ^ (n >> 31);
  const out: number[] = [];
  while ((v & ~0x7f) !== 0) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

export interface BatchSpec {
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  attributes?: number;
  timestamp?: number;
  values: string[];
}

/** A magic-2 record batch as a producer would send it (base offset 0, uncompressed). */
export function recordBatch(spec: BatchSpec): Buffer {
  const ts = spec.timestamp ?? Date.now();
  const records = spec.values.map((value, i) => {
    const v = Buffer.from(value);
    const body = Buffer.concat([Buffer.from([0]), varint(0), varint(i), varint(-1), varint(v.length), v, varint(0)]);
    return Buffer.concat([varint(body.length), body]);
  });
  const tail = Buffer.alloc(40);
  tail.writeInt16BE(spec.attributes ?? 0, 0);
  tail.writeInt32BE(spec.values.length - 1, 2);
  tail.writeBigInt64BE(BigInt(ts), 6);
  tail.writeBigInt64BE(BigInt(ts), 14);
  tail.writeBigInt64BE(BigInt(spec.producerId ?? -1), 22);
  tail.writeInt16BE(spec.producerEpoch ?? (spec.producerId === undefined ? -1 : 0), 30);
  tail.writeInt32BE(spec.baseSequence ?? -1, 32);
  tail.writeInt32BE(spec.values.length, 36);
  const crcd = Buffer.concat([tail, ...records]);
  const head = Buffer.alloc(21);
  head.writeBigInt64BE(0n, 0);
  head.writeInt32BE(crcd.length + 9, 8);
  head.writeInt32BE(-1, 12);
  head.writeInt8(2, 16);
  head.writeUInt32BE(crc32c(crcd), 17);
  return Buffer.concat([head, crcd]);
}

/** Produce v7 body for one partition. */
export function produceBody(topic: string, partition: number, batch: Buffer | null, acks = -1): Writer {
  return new Writer()
    .string(null)
    .int16(acks)
    .int32(5000)
    .array([topic], (tw, t) => tw.string(t).array([partition], (pw, p) => pw.int32(p).bytes(batch)));
}

/** Reads a Produce v7 response for one partition. */
export function readProduceResponse(r: Reader): { error: number; baseOffset: number } {
  const [res] = r.array((t) => {
    t.string();
    return t.array((p) => {
      p.int32();
      const error = p.int16();
      const baseOffset = p.int64();
      p.int64();
      p.int64();
      return { error, baseOffset };
    })[0]!;
  });
  return res!;
}
