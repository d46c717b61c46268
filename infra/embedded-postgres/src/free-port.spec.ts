import * as fs from 'node:fs';
import * as net from 'node:net';
import { freePort } from './free-port';

describe('freePort', () => {
  it('gives a port below the range outgoing connections take their local ports from, that a server can listen on', async () => {
    const [ephemeralLow] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const port = await freePort();
    expect(port).toBeLessThan(ephemeralLow!);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
