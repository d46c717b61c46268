import { SYSTEM_IDENTITY } from '@crm/auth';
/**
 * Events benchmark: what the outbox costs a mutation, how soon a committed change is visible in
 * analytics, and how fast a backlog drains. A benchmark, not a test: it prints figures (and writes
 * bench/results/events.json), and fails only on errors, never on a missed goal.
 *
 *   npm run bench:events [-- --samples 1000 --rate-seconds 15 --backlog 10000]
 *
 * Everything is real and local: an embedded Postgres, the development broker and the analytics
 * subgraph as their own processes, and in this process a producing service's data source with
 * its outbox relay (NOTIFY-woken), as a subgraph runs it.
 *
 * Goals (issue 4): mutation latency with the outbox / without <= 1.2; commit-to-visible lag p95
 * <= 200 ms at 200 writes/s; backlog drain rate of 10,000 events / steady write rate >= 10.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CustomerUpdated } from '@crm/contracts';
import { DatabaseModule, serviceDataSourceOptions, UnitOfWork } from '@crm/database';
import { withPgClient } from '@crm/embedded-postgres';
import { createOutboxNotifyTrigger, EVENT_ENTITIES, EventPublisher, EventsModule } from '@crm/events';
import { createLogger, ObservabilityModule } from '@crm/observability';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { arg, percentile, ROOT, startBenchSubgraph } from './bench-subgraph';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'events.json');
const LATENCY_SAMPLES = arg('samples', 1000);
const RATE = 200;
const RATE_SECONDS = arg('rate-seconds', 15);
const BACKLOG = arg('backlog', 10_000);
/**
 * Analytics' connection pool (DATABASE_POOL_SIZE) with `--pool N`; the app's default without. Its
 * seven consumer groups share one pool, and waiting for a connection was the largest part of the
 * lag a per-chunk trace found (bench/TUNING.md): this weighs that on one build.
 */
const POOL = process.argv.includes('--pool') ? arg('pool', 10) : null;
const CUSTOMERS = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** A producing service's side: its table, its outbox, its unit of work and (optionally) its relay. */
async function producerContext(url: string, brokers: string[], relay: boolean): Promise<INestApplicationContext> {
  @Module({
    imports: [
      ObservabilityModule.forRoot(createLogger('bench-producer', 'warn')),
      DatabaseModule.forRoot(
        serviceDataSourceOptions({ url, applicationName: 'bench-producer', entities: EVENT_ENTITIES, migrations: [] }),
      ),
      EventsModule.forRoot({ brokers, clientId: 'bench-producer', produces: [], consumes: [], pollMs: 100, relay }),
    ],
  })
  class ProducerModule {}
  return NestFactory.createApplicationContext(ProducerModule, { logger: false });
}

async function main(): Promise<void> {
  const bench = await startBenchSubgraph('analytics', POOL ? { env: { DATABASE_POOL_SIZE: String(POOL) } } : {});
  const cleanups: (() => Promise<void>)[] = [];
  try {
    await withPgClient(bench.postgres.adminUrl(), (c) => c.query('CREATE DATABASE producer'));
    const producerUrl = bench.postgres.adminUrl('producer');
    const brokers = [bench.kafkaBrokers];

    // The producing service's schema: a table it mutates, the outbox and its NOTIFY trigger.
    const ds = new DataSource(
      serviceDataSourceOptions({ url: producerUrl, applicationName: 'bench', entities: EVENT_ENTITIES, migrations: [] }),
    );
    await ds.initialize();
    await ds.synchronize();
    const q = ds.createQueryRunner();
    await createOutboxNotifyTrigger(q);
    await q.release();
    await ds.query('CREATE TABLE customer (id uuid PRIMARY KEY, name text NOT NULL, updated_at timestamptz NOT NULL)');
    await ds.destroy();

    await bench.serve();

    const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());
    let app = await producerContext(producerUrl, brokers, true);
    cleanups.unshift(() => app.close());
    await app.get(DataSource).query(`INSERT INTO customer (id, name, updated_at) SELECT unnest($1::uuid[]), 'initial', now()`, [customers]);

    /**
     * One mutation as a service runs it: load the customer (NOT_FOUND otherwise), change its name,
     * with or without its event in the same transaction.
     */
    const mutate = async (ctx: INestApplicationContext, i: number, withEvent: boolean): Promise<string | null> => {
      const customerId = customers[i % CUSTOMERS]!;
      const name = `name ${i}`;
      const now = new Date();
      return ctx.get(UnitOfWork).run(SYSTEM_IDENTITY, async (tx) => {
        const found = await tx.manager.query<unknown[]>('SELECT id, name, updated_at FROM customer WHERE id = $1 FOR UPDATE', [customerId]);
        if (found.length === 0) throw new Error('customer not found');
        await tx.manager.query('UPDATE customer SET name = $2, updated_at = $3 WHERE id = $1', [customerId, name, now]);
        if (!withEvent) return null;
        return ctx.get(EventPublisher).publish(tx, CustomerUpdated, { customerId, changed: ['name'], name, updatedAt: now.toISOString() });
      });
    };

    // 1. Mutation latency, with and without the outbox, interleaved so drift hits both alike.
    for (let i = 0; i < 200; i++) await mutate(app, i, i % 2 === 0); // warm-up
    const withOutbox: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES * 2; i++) {
      const t0 = performance.now();
      await mutate(app, i, i % 2 === 0);
      (i % 2 === 0 ? withOutbox : without).push(performance.now() - t0);
    }
    const [w, wo] = [sortNum(withOutbox), sortNum(without)];
    const latency = {
      withOutboxP50Ms: round(percentile(w, 50), 3),
      withoutP50Ms: round(percentile(wo, 50), 3),
      withOutboxMeanMs: round(w.reduce((a, b) => a + b, 0) / w.length, 3),
      withoutMeanMs: round(wo.reduce((a, b) => a + b, 0) / wo.length, 3),
      ratioP50: round(percentile(w, 50) / percentile(wo, 50), 3),
      ratioMean: round(w.reduce((a, b) => a + b, 0) / wo.reduce((a, b) => a + b, 0), 3),
    };
    console.log(`mutation latency p50: ${latency.withOutboxP50Ms} ms with outbox, ${latency.withoutP50Ms} ms without`);
    console.log(`  with/without: ${latency.ratioP50} (p50), ${latency.ratioMean} (mean)   goal <= 1.2`);

    // Let what the latency run produced drain before measuring lag.
    const analyticsDb = bench.db;
    const appliedCount = async () =>
      Number((await analyticsDb.query<{ n: string }>('SELECT count(*) AS n FROM timeline_entry')).rows[0]!.n);
    const waitForApplied = async (n: number) => {
      while ((await appliedCount()) < n) await sleep(20);
    };
    let expected = LATENCY_SAMPLES + 100;
    await waitForApplied(expected);

    // 2. Commit-to-visible lag at a steady RATE writes/s, seen by polling analytics' table.
    const committedAt = new Map<string, number>();
    const lags: number[] = [];
    let writing = true;
    const watcher = (async () => {
      while (writing || committedAt.size > 0) {
        const ids = [...committedAt.keys()];
        if (ids.length > 0) {
          const { rows } = await analyticsDb.query<{ id: string }>('SELECT id FROM timeline_entry WHERE id = ANY($1::uuid[])', [ids]);
          const now = performance.now();
          for (const { id } of rows) {
            lags.push(now - committedAt.get(id)!);
            committedAt.delete(id);
          }
        }
        await sleep(2);
      }
    })();
    // Open loop: a write starts when it is due, whether or not the previous one has committed.
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < RATE * RATE_SECONDS; i++) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(mutate(app, i, true).then((id) => void committedAt.set(id!, performance.now())));
    }
    await Promise.all(inFlight);
    const achievedRate = (RATE * RATE_SECONDS) / ((performance.now() - start) / 1000);
    writing = false;
    await watcher;
    expected += RATE * RATE_SECONDS;
    const l = sortNum(lags);
    const lag = {
      writesPerSecond: round(achievedRate, 1),
      p50Ms: round(percentile(l, 50), 1),
      p95Ms: round(percentile(l, 95), 1),
      maxMs: round(l[l.length - 1]!, 1),
    };
    console.log(
      `commit-to-visible lag at ${lag.writesPerSecond} writes/s: p50 ${lag.p50Ms} ms, p95 ${lag.p95Ms} ms (max ${lag.maxMs})   goal p95 <= 200`,
    );

    // 3. Backlog: 10,000 events committed while no relay runs, then one relay starts.
    await app.close();
    app = await producerContext(producerUrl, brokers, false);
    for (let i = 0; i < BACKLOG; i += 100) {
      await app.get(UnitOfWork).run(SYSTEM_IDENTITY, async (tx) => {
        for (let j = i; j < i + 100; j++) {
          const customerId = customers[j % CUSTOMERS]!;
          await app
            .get(EventPublisher)
            .publish(tx, CustomerUpdated, { customerId, changed: ['name'], name: `backlog ${j}`, updatedAt: new Date().toISOString() });
        }
      });
    }
    await app.close();
    const drainStart = performance.now();
    app = await producerContext(producerUrl, brokers, true);
    expected += BACKLOG;
    await waitForApplied(expected);
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const drain = {
      events: BACKLOG,
      seconds: round(drainSeconds, 2),
      eventsPerSecond: round(BACKLOG / drainSeconds, 0),
      ratioToWriteRate: round(BACKLOG / drainSeconds / RATE, 1),
    };
    console.log(
      `backlog of ${BACKLOG} drained in ${drain.seconds} s: ${drain.eventsPerSecond} events/s = ${drain.ratioToWriteRate} x the ${RATE}/s write rate   goal >= 10`,
    );

    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((x) => round(x)),
      analyticsPoolSize: POOL ?? 'default',
      latency,
      lag,
      drain,
    };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results written to ${path.relative(ROOT, RESULTS_FILE)}`);
  } finally {
    for (const fn of cleanups) await fn().catch((e: unknown) => console.error(`cleanup: ${(e as Error).message}`));
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
