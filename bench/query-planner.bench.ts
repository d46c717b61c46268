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
import {
  Kind,
  OperationTypeNode,
  parse,
  print,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

const ROOT = path.resolve(__dirname, '../..');
const SUPERGRAPH = path.join(ROOT, 'apps/gateway/supergraph.graphql');
const CONSOLE_SRC = path.join(ROOT, 'apps/console/src');
const RESULTS_JSON = path.join(ROOT, 'bench/results/query-planner.json');

interface Operation {
  name: string;
  text: string;
  /** Fields selected, fragments expanded once: how wide the operation is. */
  fields: number;
}

/** Every `graphql(`...`)` document in the console's sources (its generated folder left out). */
function consoleDocuments(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'gql' && entry.name !== 'node_modules') out.push(...consoleDocuments(file));
    } else if (/\.tsx?$/.test(entry.name)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([\s\S]*?)`\s*\)/g)) out.push(m[1]!);
    }
  }
  return out;
}

/** The console's queries as the gateway receives them: each with the fragments it spreads. */
function consoleQueries(): Operation[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const text of consoleDocuments(CONSOLE_SRC)) {
    for (const def of parse(text).definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      else if (def.kind === Kind.OPERATION_DEFINITION && def.operation === OperationTypeNode.QUERY) operations.push(def);
    }
  }
  return operations.map((op) => {
    const used = new Map<string, FragmentDefinitionNode>();
    const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(spread.name.value)) {
            used.set(spread.name.value, fragment);
            collect(fragment);
          }
        },
      });
    collect(op);
    const doc: DocumentNode = { kind: Kind.DOCUMENT, definitions: [op, ...used.values()] };
    return operationOf(op.name?.value ?? '(anonymous)', doc);
  });
}

function operationOf(name: string, doc: DocumentNode): Operation {
  let fields = 0;
  visit(doc, { Field: () => void fields++ });
  return { name, text: print(doc), fields };
}

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
  const operations = [operationOf('Customer360 (README, bench scenario 2)', parse(CUSTOMER_360_QUERY)), ...consoleQueries()];

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
