/**
 * A plain HTTP path the gateway forwards, with no token, to the subgraph that owns it: what a web
 * page or an email client reaches without being a GraphQL client. The subgraph applies its own
 * rules (CORS, limits, validation); the gateway bounds the body and hides the subgraph.
 */
export interface PublicRoute {
  /** Express path, below which everything goes to the subgraph unchanged (path and query). */
  path: string;
  subgraph: string;
  methods: readonly ('GET' | 'POST' | 'OPTIONS')[];
  /** Larger bodies are 413 here, before the subgraph is called. */
  bodyLimitBytes: number;
}

/** Every public route, in one list: add a line here to publish another subgraph path. */
export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  // Web form posts, their CORS preflight, and the hosted form page (marketing).
  { path: '/forms/:key', subgraph: 'marketing', methods: ['GET', 'POST', 'OPTIONS'], bodyLimitBytes: 16 * 1024 },
  // Campaign email tracking: open pixel, click redirect, unsubscribe (one-click unsubscribe POSTs).
  { path: '/t/o/:token', subgraph: 'marketing', methods: ['GET'], bodyLimitBytes: 0 },
  { path: '/t/c/:token', subgraph: 'marketing', methods: ['GET'], bodyLimitBytes: 0 },
  { path: '/t/u/:token', subgraph: 'marketing', methods: ['GET', 'POST'], bodyLimitBytes: 4 * 1024 },
  // A case's satisfaction survey answer: a score and a comment (service).
  { path: '/csat/:token', subgraph: 'service', methods: ['POST'], bodyLimitBytes: 4 * 1024 },
];
