/**
 * Query planning (issue 22, "the query planner"): what building a plan costs for the wide customer
 * 360 and for every query the console sends, and what the gateway's plan cache saves. A benchmark,
 * not a test: it prints figures and writes bench/results/query-planner.json.
 *
 *   npm run bench:planner [-- --repeat 50]
 *
 * It plans against the committed supergraph, in this process, with no stack: planning is pure CPU
 * and needs none. Two planners plan the same operations:
 * - `@apollo/query-planner`, the one our gateway runs (through `@apollo/gateway`);
 * - Hive Router's Rust planner as published on npm (`@graphql-hive/router-query-planner`), only as
 *   a reference for what planning can cost. The gateway does not switch to it.
 * For each operation it prints the first plan (a fresh planner's cold path, what a cache miss costs
 * right after start) and the median of the next plans (the steady cost of a miss). A cache hit costs
 * a map lookup: the gateway's plan cache (apps/gateway/src/query-plan-cache.ts) holds 1,000 plans
 * per graph, least recently used out first, and `npm run bench` prints its hits and misses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner as ApolloPlanner } from '@apollo/query-planner';
import { QueryPlanner as HivePlanner } from '@graphql-hive/router-query-planner';
import { CUSTOMER_360_QUERY } from '@crm/stack';
import { consoleOperations, operationOf } from './console-operations';
import { OperationTypeNode, parse } from 'graphql';

const ROOT = path.resolve(__dirname, '../..');
const SUPERGRAPH = path.join(ROOT, 'apps/gateway/supergraph.graphql');
const RESULTS_JSON = path.join(ROOT, 'bench/results/query-planner.json');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface Row {
  operation: string;
  fields: number;
  apollo: { firstMs: number; medianMs: number; fetches: number };
  hive: { firstMs: number; medianMs: number; fetches: number } | { error: string };
}

/** Fetch nodes in a plan of either planner (both follow the Apollo plan format). */
function fetches(node: unknown): number {
  if (!node || typeof node !== 'object') return 0;
  const n = node as { kind?: string; nodes?: unknown[]; node?: unknown; entityBatch?: unknown };
  if (n.kind === 'Fetch' || n.kind === 'BatchFetch') return 1;
  return (n.nodes ?? []).reduce<number>((sum, child) => sum + fetches(child), 0) + (n.node ? fetches(n.node) : 0);
}

function main(): void {
  const { values } = parseArgs({ options: { repeat: { type: 'string', default: '50' } } });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a whole number over 0, got "${values.repeat}"`);

  const sdl = fs.readFileSync(SUPERGRAPH, 'utf8');
  const operations = [
    operationOf('Customer360 (README, bench scenario 2)', parse(CUSTOMER_360_QUERY)),
    ...consoleOperations().filter((op) => op.kind === OperationTypeNode.QUERY),
  ];

  let t = process.hrtime.bigint();
  const supergraph = Supergraph.build(sdl);
  const apollo = new ApolloPlanner(supergraph);
  const apolloBuildMs = ms(t);
  t = process.hrtime.bigint();
  const hive = new HivePlanner(sdl);
  const hiveBuildMs = ms(t);

  // First plans on the fresh planners, in order: what a cache miss costs right after start, the
  // planner's code not yet optimised. Then rounds that plan every operation once each, so that the
  // machine's noise and the JIT's warming fall on all operations alike; the median of those is the
  // steady cost of a miss.
  const documents = operations.map((op) => parse(op.text));
  const planApollo = (i: number) => apollo.buildQueryPlan(operationFromDocument(supergraph.schema, documents[i]!));
  const planHive = (i: number) => hive.plan(operations[i]!.text, null, new Set(), 0);
  const timed = <T>(fn: () => T): [number, T] => {
    const start = process.hrtime.bigint();
    const result = fn();
    return [ms(start), result];
  };
  const rows: Row[] = operations.map((op, i) => {
    const [apolloFirst, apolloPlan] = timed(() => planApollo(i));
    let hiveRow: Row['hive'];
    try {
      const [hiveFirst, hivePlan] = timed(() => planHive(i));
      hiveRow = { firstMs: hiveFirst, medianMs: 0, fetches: fetches(hivePlan.node) };
    } catch (e) {
      hiveRow = { error: (e as Error).message.split('\n')[0]! };
    }
    return {
      operation: op.name,
      fields: op.fields,
      apollo: { firstMs: apolloFirst, medianMs: 0, fetches: fetches(apolloPlan.node) },
      hive: hiveRow,
    };
  });
  const apolloTimes = operations.map((): number[] => []);
  const hiveTimes = operations.map((): number[] => []);
  for (let round = 0; round < repeat; round++) {
    operations.forEach((_, i) => {
      apolloTimes[i]!.push(timed(() => planApollo(i))[0]);
      if (!('error' in rows[i]!.hive)) hiveTimes[i]!.push(timed(() => planHive(i))[0]);
    });
  }
  rows.forEach((row, i) => {
    row.apollo.medianMs = median(apolloTimes[i]!);
    if (!('error' in row.hive)) row.hive.medianMs = median(hiveTimes[i]!);
  });
  rows.sort((a, b) => b.apollo.medianMs - a.apollo.medianMs);

  const f = (n: number) => n.toFixed(2).padStart(8);
  console.log(
    `Planner built from the supergraph (${(sdl.length / 1024).toFixed(0)} KB): Apollo ${apolloBuildMs.toFixed(0)} ms, Hive ${hiveBuildMs.toFixed(0)} ms`,
  );
  console.log(`${operations.length} queries, each planned once on fresh planners (1st), then ${repeat} rounds of all (median):\n`);
  console.log(`${'operation'.padEnd(40)} fields  apollo 1st   median  fetches |   hive 1st   median  fetches  apollo÷hive`);
  for (const r of rows) {
    const h =
      'error' in r.hive
        ? `  cannot plan: ${r.hive.error}`
        : `${f(r.hive.firstMs)} ${f(r.hive.medianMs)} ${String(r.hive.fetches).padStart(8)}  ${(r.apollo.medianMs / r.hive.medianMs).toFixed(1).padStart(10)}`;
    console.log(
      `${r.operation.slice(0, 40).padEnd(40)} ${String(r.fields).padStart(6)} ${f(r.apollo.firstMs)} ${f(r.apollo.medianMs)} ${String(r.apollo.fetches).padStart(8)} | ${h}`,
    );
  }
  const apolloTotal = rows.reduce((s, r) => s + r.apollo.medianMs, 0);
  console.log(`\nAll ${rows.length} queries planned once (cache misses, steady): Apollo ${apolloTotal.toFixed(1)} ms.`);
  fs.mkdirSync(path.dirname(RESULTS_JSON), { recursive: true });
  fs.writeFileSync(
    RESULTS_JSON,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, repeat, apolloBuildMs, hiveBuildMs, rows }, null, 1),
  );
  console.log(`Wrote ${path.relative(ROOT, RESULTS_JSON)}`);
}

main();
