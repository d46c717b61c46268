import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CustomerUpdated } from '@crm/contracts';
import { runMigrations } from '@crm/database';
import { toKafkaMessage } from '@crm/events';
import {
  createTestDatabase,
  startNodeProcess,
  startOwnBroker,
  stopProcess,
  testSigningKey,
  type ManagedProcess,
  type OwnBroker,
  type TestDatabase,
} from '@crm/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { TIMELINE_GROUP_ID } from '../src/timeline/timeline.consumer';

// Five kills while events flow prove the same as ten did (each kill lands mid-batch, and the
// count and identity checks below are exact); the suite's time budget pays for each restart.
const EVENTS = 5_000;
const KILLS = 5;
const CUSTOMERS = 200;
const MAIN = path.resolve(__dirname, '../dist/main.js');

/**
 * The analytics process is SIGKILLed five times while 5,000 events flow: no graceful shutdown, no
 * offset commit, transactions cut mid-way. Every effect must still be applied exactly once.
 */
describe('analytics consumer killed with SIGKILL five times', () => {
  let publicKeysFile = '';
  let broker: OwnBroker;
  let db: TestDatabase;
  let producer: Producer;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-kill-'));
  const processes: ManagedProcess[] = [];

  const startAnalytics = (): ManagedProcess => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    const p = startNodeProcess(
      'analytics',
      MAIN,
      [],
      {
        PORT: '0',
        DATABASE_URL: db.url,
        KAFKA_BROKERS: broker.brokers.join(','),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        // A killed member's partitions move on after this; the default (10 s) would make the test slow.
        CONSUMER_SESSION_TIMEOUT_MS: '1500',
        AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      },
      logDir,
    );
    processes.push(p);
    return p;
  };

  const query = async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as R[];
    } finally {
      await c.end();
    }
  };
  const applied = async () =>
    Number((await query<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE consumer = $1', [TIMELINE_GROUP_ID]))[0]!.n);

  beforeAll(async () => {
    publicKeysFile = (await testSigningKey()).publicKeysFile;
    broker = await startOwnBroker();
    db = await createTestDatabase({
      template: 'analytics',
      migrate: async (url) => void (await runMigrations(analyticsSubgraph.dataSource(url))),
    });
    producer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all(processes.map((p) => stopProcess(p, 2000)));
    await db?.drop();
    await broker?.destroy();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('loses nothing and applies every event once', async () => {
    let current = startAnalytics();
    const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());
    const ids: string[] = [];

    const send = async (s: number) => {
      const messages = Array.from({ length: 100 }, (_, j) => {
        const customerId = customers[(s * 100 + j) % CUSTOMERS]!;
        const id = randomUUID();
        ids.push(id);
        const data = { customerId, changed: ['name'], name: `n${s}-${j}`, updatedAt: new Date().toISOString() };
        return toKafkaMessage({
          id,
          topic: CustomerUpdated.topic,
          type: CustomerUpdated.type,
          source: 'crm.sales',
          subject: customerId,
          time: new Date(),
          data,
        });
      });
      // The analytics process provisions its topics; until the first one has, retry.
      for (;;) {
        try {
          return await producer.send({ topic: CustomerUpdated.topic, acks: -1, messages });
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };

    // Each round sends a tenth of the events, waits until this incarnation has applied some of
    // them, and kills it: every kill lands while events are flowing.
    const perRound = EVENTS / 100 / KILLS;
    for (let k = 0; k < KILLS; k++) {
      const before = await applied();
      for (let s = k * perRound; s < (k + 1) * perRound; s++) await send(s);
      while ((await applied()) === before) {
        if (current.child.exitCode !== null) throw new Error(`analytics exited by itself: see ${current.logFile}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      current.child.kill('SIGKILL');
      await current.exited;
      current = startAnalytics();
    }

    for (let n = await applied(); n < EVENTS; n = await applied()) await new Promise((r) => setTimeout(r, 250));

    expect(await applied()).toBe(EVENTS);
    const [entries] = await query<{ n: string; distinct: string; total: string }>(
      'SELECT (SELECT count(*) FROM timeline_entry) AS n, (SELECT count(DISTINCT id) FROM timeline_entry) AS distinct, (SELECT sum(interaction_count) FROM customer_metrics) AS total',
    );
    expect(entries).toEqual({ n: String(EVENTS), distinct: String(EVENTS), total: String(EVENTS) });
    const stored = new Set((await query<{ id: string }>('SELECT id FROM timeline_entry')).map((r) => r.id));
    expect(ids.filter((id) => !stored.has(id))).toEqual([]);
    // Each incarnation now joins three consumer groups (timeline, warehouse, notifications) and the
    // warehouse applies every customer change too: more than the suite's default two minutes.
  }, 300_000);
});
