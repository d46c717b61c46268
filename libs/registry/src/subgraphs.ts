/**
 * Connections in an app's database pool (its DATABASE_POOL_SIZE default) when its entry names no
 * other number.
 */
export const DEFAULT_DATABASE_POOL_SIZE = 10;

/**
 * Connections an app with a database holds beside its pool: the outbox relay's LISTEN connection
 * (a pooled connection cannot hold a LISTEN). The connection budget adds it to every such app.
 */
export const DATABASE_EXTRA_CONNECTIONS = 1;

/**
 * Every subgraph of the platform, in start order: the one list that the launcher (`npm start`), the
 * test stack, the bench, the deploy checks, the schema tools and the gateway's configuration read.
 * Adding a subgraph is one entry here and its folder under apps/<name>.
 */
export const SUBGRAPHS = [
  entry('sales', 4001),
  entry('marketing', 4002),
  entry('service', 4003),
  entry('partners', 4004),
  // Seven consumer groups apply up to six partitions' chunks at once, each chunk a transaction of its
  // own, beside the API's reads: on 10 connections the chunks queued for one, and that wait was most
  // of the commit-to-visible lag. 30 measured lag p95 162-221 ms and a drain of 21-23 x the write
  // rate, against 289-656 ms and 6 x on 10 (bench/TUNING.md, "Connections").
  entry('analytics', 4005, { databasePoolSize: 30 }),
] as const;

/** The gateway, which composes the subgraphs; not itself a subgraph. */
export const GATEWAY = { name: 'gateway', port: 4000, app: 'apps/gateway' } as const;

/**
 * The webhook worker: no graph of its own (not a subgraph, so the gateway and the schema tools
 * never see it), but a database of its own and a port for its health checks.
 */
export const WEBHOOK_WORKER = {
  name: 'webhooks',
  port: 4006,
  app: 'apps/webhooks',
  database: 'webhooks',
  role: 'webhooks',
  databasePoolSize: DEFAULT_DATABASE_POOL_SIZE,
} as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];
export type Subgraph = (typeof SUBGRAPHS)[number];
/** The gateway's setting that says where a subgraph runs, e.g. SALES_URL. */
export type SubgraphUrlVariable = Subgraph['urlVariable'];

export const SUBGRAPH_NAMES: readonly SubgraphName[] = SUBGRAPHS.map((s) => s.name);

/**
 * One entry. Everything but the name and the port follows from the name by convention, so that a
 * new subgraph cannot get half of it wrong: the app in apps/<name>, its committed schema beside it,
 * a database of the same name owned by a login role of the same name, and <NAME>_URL on the gateway.
 */
function entry<const N extends string>(name: N, port: number, opts: { databasePoolSize?: number } = {}) {
  return {
    name,
    /** The default HTTP port: the app's PORT default, the images', compose's and k8s's. */
    port,
    /**
     * Connections in the service's pool: its DATABASE_POOL_SIZE default, and its share in the
     * connection budget that `npm start`, the test stack and the bench check against Postgres.
     */
    databasePoolSize: opts.databasePoolSize ?? DEFAULT_DATABASE_POOL_SIZE,
    /** The app folder, from the repository root. */
    app: `apps/${name}` as const,
    /** The committed schema.graphql, from the repository root. */
    schema: `apps/${name}/schema.graphql` as const,
    /** The gateway's environment variable with this subgraph's /graphql URL. */
    urlVariable: `${name.toUpperCase() as Uppercase<N>}_URL` as const,
    /** The service's own database... */
    database: name,
    /** ...and the login role that owns it (the service connects as this role, under row-level security). */
    role: name,
  };
}

export function subgraph(name: SubgraphName): Subgraph {
  return SUBGRAPHS.find((s) => s.name === name)!;
}
