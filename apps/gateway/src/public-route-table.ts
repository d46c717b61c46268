/**
 * A plain HTTP path the gateway forwards to the subgraph that owns it: what a web page or an email
 * client reaches without being a GraphQL client, or a download (a CSV export) that a signed-in
 * user's browser or script fetches with its token. The subgraph applies its own rules (CORS,
 * limits, validation, the caller's scope); the gateway bounds the body and hides the subgraph.
 */
export interface PublicRoute {
  /** Express path, below which everything goes to the subgraph unchanged (path and query). */
  path: string;
  subgraph: string;
  methods: readonly ('GET' | 'POST' | 'OPTIONS')[];
  /** Larger bodies are 413 here, before the subgraph is called. */
  bodyLimitBytes: number;
  /**
   * 'staff': the gateway checks the bearer token as on /graphql (401 without a valid one, 403 for a
   * partner's or a customer's) and passes it on, so the subgraph answers as that caller. Without
   * it, no credentials pass at all.
   */
  caller?: 'staff';
  /** How long the answer may take to begin, when it may take longer than SUBGRAPH_TIMEOUT_MS (an upload read whole first). */
  timeoutMs?: number;
}

/** Every public route, in one list: add a line here to publish another subgraph path. */
export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  // Web form posts, their CORS preflight, and the hosted form page (marketing).
  { path: '/forms/:key', subgraph: 'marketing', methods: ['GET', 'POST', 'OPTIONS'], bodyLimitBytes: 16 * 1024 },
  // Campaign email tracking: open pixel, click redirect, unsubscribe (one-click unsubscribe POSTs).
  { path: '/t/o/:token', subgraph: 'marketing', methods: ['GET'], bodyLimitBytes: 0 },
  { path: '/t/c/:token', subgraph: 'marketing', methods: ['GET'], bodyLimitBytes: 0 },
  { path: '/t/u/:token', subgraph: 'marketing', methods: ['GET', 'POST'], bodyLimitBytes: 4 * 1024 },
  // CSV exports of sales' lists, as the signed-in caller (sales).
  { path: '/exports/:file', subgraph: 'sales', methods: ['GET'], bodyLimitBytes: 0, caller: 'staff' },
  // Lead CSV imports, as the signed-in caller (marketing): the upload (read and checked whole before
  // its answer), its progress, and its failed rows.
  {
    path: '/imports/leads',
    subgraph: 'marketing',
    methods: ['POST'],
    bodyLimitBytes: 50 * 1024 * 1024,
    caller: 'staff',
    timeoutMs: 300_000,
  },
  { path: '/imports/leads/:id', subgraph: 'marketing', methods: ['GET'], bodyLimitBytes: 0, caller: 'staff' },
  { path: '/imports/leads/:id/:file', subgraph: 'marketing', methods: ['GET'], bodyLimitBytes: 0, caller: 'staff' },
  // Customer and contact CSV imports, as the signed-in caller (sales), as leads' above.
  ...(['customers', 'contacts'] as const).flatMap((kind): PublicRoute[] => [
    {
      path: `/imports/${kind}`,
      subgraph: 'sales',
      methods: ['POST'],
      bodyLimitBytes: 50 * 1024 * 1024,
      caller: 'staff',
      timeoutMs: 300_000,
    },
    { path: `/imports/${kind}/:id`, subgraph: 'sales', methods: ['GET'], bodyLimitBytes: 0, caller: 'staff' },
    { path: `/imports/${kind}/:id/:file`, subgraph: 'sales', methods: ['GET'], bodyLimitBytes: 0, caller: 'staff' },
  ]),
  // A case's satisfaction survey answer: a score and a comment (service).
  { path: '/csat/:token', subgraph: 'service', methods: ['POST'], bodyLimitBytes: 4 * 1024 },
];
