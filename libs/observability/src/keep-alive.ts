import type { Server } from 'node:http';

/**
 * How long our HTTP servers keep an idle keep-alive connection open: longer than any pool that
 * reuses them (the gateway's IDLE_SOCKET_TIMEOUT_MS of 30 s, a load balancer's usual 60 s), so the
 * client always closes an idle connection first. Node's default of 5 s closed connections the
 * gateway was just writing a request on, and those calls failed with ECONNRESET.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function keepIdleConnectionsOpen(server: Server, keepAliveTimeoutMs = KEEP_ALIVE_TIMEOUT_MS): void {
  server.keepAliveTimeout = keepAliveTimeoutMs;
  // Above the keep-alive timeout, as Node's docs advise, so a connection kept open is not cut
  // while the next request's headers arrive on it.
  server.headersTimeout = keepAliveTimeoutMs + 1000;
}
