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
  const [ephemeralLow] = ephemeralRange();
  const low = 10_000;
  const high = ephemeralLow - 1;
  for (let attempt = 0; high > low && attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await listensOn(port, host)) return port;
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
