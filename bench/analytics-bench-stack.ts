/**
 * The analytics subgraph on its own for a bench (see startBenchSubgraph): a bench seeds the read
 * models in SQL through `db`, then `start()`s the subgraph and times what it asks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { cpuProfileEnv, round, startBenchSubgraph, type BenchSubgraphOptions, type ServingSubgraph } from './bench-subgraph';
import { treeCpuSeconds } from './process-tree';

export { arg as intArg, ROOT, round } from './bench-subgraph';

export interface AnalyticsBenchStack {
  /** A connection to analytics' migrated database, for seeding and counting. */
  db: Client;
  /** The development broker's address, for a bench that puts events on it. */
  brokers: string[];
  /** The admin URL of a database of that name on the bench's Postgres (e.g. a fresh one for a replay). */
  pgUrl: (database: string) => string;
  /** A database of that name owned by analytics' role (a replay's), and the URL analytics connects to it with. */
  serviceDatabase: (database: string) => Promise<string>;
  /** Starts the subgraph (after the seed), with `env` over the bench's own, and answers once it is ready. */
  start: (env?: Record<string, string>) => Promise<void>;
  /** Analytics' /graphql as an admin; a GraphQL error throws. */
  gql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  /** CPU seconds used so far by the subgraph's process (0 before start()) and by Postgres (Linux, /proc). */
  cpuSeconds: () => { analytics: number; postgres: number };
  stop: () => Promise<void>;
}

/** `_name` is the bench's; the folder and the logs are named after the subgraph now. */
export async function startAnalyticsBenchStack(
  _name: string,
  opts: Pick<BenchSubgraphOptions, 'statements'> = {},
): Promise<AnalyticsBenchStack> {
  const bench = await startBenchSubgraph('analytics', opts);
  const postmaster = Number(fs.readFileSync(path.join(bench.dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let serving: ServingSubgraph | null = null;
  return {
    db: bench.db,
    brokers: bench.kafkaBrokers.split(','),
    pgUrl: (database) => bench.postgres.adminUrl(database),
    serviceDatabase: bench.serviceDatabase,
    // With BENCH_CPU_PROF_DIR set, the subgraph writes a V8 CPU profile there as it stops.
    start: async (env = {}) => void (serving = await bench.serve({ env: { ...cpuProfileEnv(), ...env } })),
    cpuSeconds: () => ({
      analytics: serving ? treeCpuSeconds(serving.process.child.pid!).total : 0,
      postgres: treeCpuSeconds(postmaster).total,
    }),
    gql: <T>(query: string, variables?: Record<string, unknown>) => {
      if (!serving) throw new Error('start() the subgraph before asking it');
      return serving.gql<T>(query, variables);
    },
    stop: bench.stop,
  };
}

export const seconds = (ms: number) => round(ms / 1000, 2);
export const loadAverage = () => os.loadavg().map((l) => round(l, 2));

/** Runs `work` and answers its result with the milliseconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}
