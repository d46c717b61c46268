import * as net from 'node:net';

/**
 * A TCP port nobody listens on right now, from the OS: for servers of tests, benches and the local
 * stack that must not take a fixed port (4000-4005 belong to `npm start`).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
