import * as fs from 'node:fs';
import * as net from 'node:net';

/** Linux's range for the local ports of outgoing connections (its default where /proc says nothing). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux
  }
  return [32768, 60999];
}

const listensOn = (port: number, host: string): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });

/** Ports this process has handed out: never handed out twice. */
const handedOut = new Set<number>();

/**
 * Where ports are drawn from: below the ephemeral range; under jest, each worker (JEST_WORKER_ID
 * 1, 2, ...) draws from its own quarter of it, so two workers' test stacks starting at the same time
 * cannot draw the same port either.
 */
function drawRange(): [number, number] {
  const low = 10_000;
  const high = ephemeralRange()[0] - 1;
  const worker = Number(process.env.JEST_WORKER_ID);
  if (!Number.isInteger(worker) || worker < 1 || high - low < 4_000) return [low, high];
  const slice = Math.floor((high - low + 1) / 4);
  const start = low + ((worker - 1) % 4) * slice;
  return [start, start + slice - 1];
}

/**
 * A TCP port nobody listens on right now: for servers of tests, benches and the local stack that
 * must not take a fixed port (4000-4005 belong to `npm start`).
 *
 * It is drawn below the ephemeral range, not asked of the OS with port 0: a port the OS hands out
 * for listening comes from the same range as the local ports of outgoing connections, so between
 * this check and the server's own listen a database or broker connection of any process could take
 * it (a subgraph's metrics server once failed to start with EADDRINUSE that way).
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [low, high] = drawRange();
  for (let attempt = 0; high > low && attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    // A stack draws all its ports before any server listens, so a port drawn twice in one process
    // passes both checks and the second server fails with EADDRINUSE (a test stack's analytics did).
    if (handedOut.has(port)) continue;
    if (await listensOn(port, host)) {
      handedOut.add(port);
      return port;
    }
  }
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
