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

  it('never hands out the same port twice in one process, though none of them is listened on yet', async () => {
    // A stack draws every port before its servers start; each draw must still be distinct.
    const ports: number[] = [];
    for (let i = 0; i < 300; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });

  it("draws from this jest worker's own quarter of the range, so two workers' stacks never collide", async () => {
    const worker = Number(process.env.JEST_WORKER_ID);
    const [ephemeralLow] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const slice = Math.floor((ephemeralLow! - 10_000) / 4);
    const start = 10_000 + ((worker - 1) % 4) * slice;
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(start);
    expect(port).toBeLessThan(start + slice);
  });
});
