// The table alone, not the forwarding code: the gateway's config reads this file.
import { PUBLIC_ROUTES } from './public-route-table';

/**
 * The paths a browser or a client outside the cluster reaches the gateway on. In development the
 * gateway also serves the console on its origin and leaves these to their handlers; in production
 * the Ingress sends exactly these to the gateway and every other path to the console's image
 * (k8s/base/ingress, which a deploy test keeps equal to this list).
 */
export const PUBLIC_GATEWAY_PATHS = ['/graphql', '/partner/graphql', '/portal/graphql', '/console/config.json', '/auth/token'] as const;

/** The public routes' prefixes (`/forms/:key` → `/forms`): everything below each is the gateway's. */
export const PUBLIC_GATEWAY_PREFIXES: readonly string[] = [...new Set(PUBLIC_ROUTES.map((r) => r.path.split('/:')[0]!))];

/** Paths the gateway answers itself that stay inside the cluster (probes and the scraper). */
export const INTERNAL_GATEWAY_PATHS = ['/health', '/metrics'] as const;

const escape = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True for a path the gateway owns (or a path below one): never one of the console's pages. */
export const isGatewayPath = (() => {
  const owned = [...PUBLIC_GATEWAY_PATHS, ...PUBLIC_GATEWAY_PREFIXES, ...INTERNAL_GATEWAY_PATHS, '/console'].map(escape).join('|');
  const re = new RegExp(`^(${owned})(/|$)`);
  return (path: string) => re.test(path);
})();
