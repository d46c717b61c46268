import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ProducerIdAllocator, type BrokerState } from './broker-state';
import { Connection } from './connection';
import { GroupCoordinator } from './groups/group-coordinator';
import { OffsetStore } from './groups/offset-store';
import type { PartitionLog } from './log/partition-log';
import { TopicStore } from './log/topic-store';

export interface BrokerOptions {
  /** TCP port; 0 picks a free one. Default 9092. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Host name clients are told to connect to (Metadata, FindCoordinator). Default: `host`. */
  advertisedHost?: string;
  /** Folder for partition logs and committed offsets; omit for the in-memory mode. */
  dataDir?: string | null;
  /** Create unknown topics on Metadata requests, as Kafka's auto.create.topics.enable. Default false. */
  autoCreateTopics?: boolean;
  /** Partitions of a topic created without a count. Default 1. */
  defaultPartitions?: number;
  /** Largest partition count a topic may have. Default 1000. */
  maxPartitions?: number;
  /** Largest request frame accepted; a larger one closes its connection. Default 100 MiB. */
  maxRequestBytes?: number;
  /** Largest record batch, unless the topic's max.message.bytes says otherwise. Default 1 MiB + 12. */
  maxMessageBytes?: number;
  /** fdatasync each append and offset commit. Default false: a killed process still loses nothing. */
  fsync?: boolean;
  groupInitialRebalanceDelayMs?: number;
  groupMinSessionTimeoutMs?: number;
  groupMaxSessionTimeoutMs?: number;
  /** One line per connection, topic change, group change or error. Default: silent. */
  log?: (line: string) => void;
}

export interface RunningBroker {
  host: string;
  port: number;
  /** `host:port`, ready for kafkajs' `brokers` option. */
  brokers: string[];
  stop(): Promise<void>;
}

const NODE_ID = 0;

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`kafka-dev-broker: option ${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** Keeps a second broker off the same data folder; a lock left by a killed broker is taken over. */
function lockDataDir(dataDir: string): () => void {
  const lock = path.join(dataDir, 'broker.lock');
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid) {
      process.kill(pid, 0);
      throw new Error(`kafka-dev-broker: data folder ${dataDir} is in use by process ${pid}`);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ESRCH') throw e;
  }
  fs.writeFileSync(lock, String(process.pid));
  return () => fs.rmSync(lock, { force: true });
}

export async function start(options: BrokerOptions = {}): Promise<RunningBroker> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : null;
  const fsync = options.fsync ?? false;
  const log = options.log ?? (() => undefined);
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;

  const topics = new TopicStore(dataDir, fsync);
  const offsets = new OffsetStore(dataDir, fsync);
  const groups = new GroupCoordinator(
    {
      minSessionTimeoutMs: positiveInt('groupMinSessionTimeoutMs', options.groupMinSessionTimeoutMs ?? 1000),
      maxSessionTimeoutMs: positiveInt('groupMaxSessionTimeoutMs', options.groupMaxSessionTimeoutMs ?? 1_800_000),
      initialRebalanceDelayMs: positiveInt('groupInitialRebalanceDelayMs', options.groupInitialRebalanceDelayMs ?? 0),
      log,
    },
    offsets,
  );
  const maxPid = Math.max(-1, ...topics.list().flatMap((t) => t.partitions.map((p) => p.producers.maxProducerId())));
  const stopping = new Set<() => void>();
  let closing = false;

  const state: BrokerState = {
    settings: {
      nodeId: NODE_ID,
      advertisedHost: options.advertisedHost ?? host,
      port: 0,
      clusterId: 'kafka-dev-broker',
      autoCreateTopics: options.autoCreateTopics ?? false,
      defaultPartitions: positiveInt('defaultPartitions', options.defaultPartitions ?? 1),
      maxPartitions: positiveInt('maxPartitions', options.maxPartitions ?? 1000),
      maxMessageBytes: positiveInt('maxMessageBytes', options.maxMessageBytes ?? 1_048_588),
    },
    topics,
    offsets,
    groups,
    producerIds: new ProducerIdAllocator(dataDir, maxPid + 1),
    log,
    waitForData(logs: PartitionLog[], ms: number): Promise<boolean> {
      if (closing) return Promise.resolve(false);
      return new Promise((resolve) => {
        const done = (value: boolean) => {
          clearTimeout(timer);
          for (const off of offs) off();
          stopping.delete(onStop);
          resolve(value);
        };
        const onStop = () => done(false);
        const timer = setTimeout(() => done(true), ms);
        const offs = logs.map((l) => l.onAppend(() => done(true)));
        stopping.add(onStop);
      });
    },
  };

  const connections = new Set<Connection>();
  const server = net.createServer((socket) => {
    const conn = new Connection(socket, state, positiveInt('maxRequestBytes', options.maxRequestBytes ?? 100 * 1024 * 1024));
    connections.add(conn);
    log(`connection ${conn.peer} opened`);
    socket.on('close', () => connections.delete(conn));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 9092, host, () => resolve());
    });
  } catch (e) {
    topics.close();
    offsets.close();
    unlock();
    throw e;
  }
  server.on('error', (e) => log(`listener error: ${e.message}`));
  const port = (server.address() as net.AddressInfo).port;
  state.settings.port = port;
  log(`listening on ${host}:${port} (${dataDir ? `data in ${dataDir}` : 'in memory'})`);

  let stopped: Promise<void> | null = null;
  return {
    host,
    port,
    brokers: [`${state.settings.advertisedHost}:${port}`],
    stop() {
      stopped ??= (async () => {
        closing = true;
        for (const wake of [...stopping]) wake();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const c of connections) c.destroy();
        });
        groups.close();
        topics.close();
        offsets.close();
        unlock();
        log('stopped');
      })();
      return stopped;
    },
  };
}
