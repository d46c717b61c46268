import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@crm/embedded-postgres';
import { waitForHttp } from './readiness';
import { SupervisedProcess, type RestartPolicy } from './supervisor';

const FAST: RestartPolicy = { initialDelayMs: 100, maxDelayMs: 200, maxCrashes: 3, stableMs: 60_000 };

describe('SupervisedProcess', () => {
  let dir: string;
  const script = (name: string, source: string) => {
    const file = path.join(dir, `${name}.js`);
    fs.writeFileSync(file, source);
    return file;
  };
  const supervise = (name: string, source: string, policy: RestartPolicy | null, log: string[] = []) =>
    new SupervisedProcess({ name, entry: script(name, source), env: {}, logDir: dir }, policy, (l) => log.push(l));

  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-supervisor-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('restarts a crashed process with a growing backoff and says why it died, with the tail of its log', async () => {
    const log: string[] = [];
    const counter = path.join(dir, 'runs');
    // Crashes twice, then stays up.
    const p = supervise(
      'flaky',
      `const fs = require('fs'); const n = fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0;
       fs.writeFileSync(${JSON.stringify(counter)}, String(n + 1));
       if (n < 2) { console.error('database is gone (run ' + n + ')'); process.exit(3); }
       setInterval(() => {}, 1000);`,
      FAST,
      log,
    );
    for (let i = 0; i < 100 && p.restarts < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(p.restarts).toBe(2);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^flaky exited \(exit code 3\) after [\d.]+ s; restarting in 0\.1 s \(crash 1 of at most 3 in a row\)/);
    expect(log[0]).toContain('database is gone (run 0)');
    expect(log[1]).toMatch(/restarting in 0\.2 s \(crash 2 of at most 3/);
    expect(p.failureReason).toBeNull();
    await p.stop(1000);
    expect(p.restarts).toBe(2);
  });

  it('names the signal that killed it', async () => {
    const log: string[] = [];
    const p = supervise('victim', 'setInterval(() => {}, 1000);', FAST, log);
    await new Promise((r) => setTimeout(r, 200));
    const first = p.process.child.pid!;
    process.kill(first, 'SIGKILL');
    for (let i = 0; i < 100 && p.restarts < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(log[0]).toMatch(/^victim exited \(signal SIGKILL\)/);
    expect(p.process.child.pid).not.toBe(first);
    await p.stop(1000);
  });

  it('gives up on a crash loop past the limit, with the reason', async () => {
    const log: string[] = [];
    const p = supervise('broken', `console.error('DATABASE_URL: is required'); process.exit(1);`, FAST, log);
    const reason = await p.failed;
    expect(p.restarts).toBe(3);
    expect(log).toHaveLength(3);
    expect(reason).toMatch(/^broken exited \(exit code 1\) after [\d.]+ s; it crashed 4 times in a row, so it is not restarted again/);
    expect(reason).toContain('DATABASE_URL: is required');
    expect(p.failureReason).toBe(reason);
  });

  it('does not restart what it was asked to stop, nor anything without a policy', async () => {
    const stopped = supervise('stopped', 'setInterval(() => {}, 1000);', FAST);
    await new Promise((r) => setTimeout(r, 200));
    await stopped.stop(1000);
    await new Promise((r) => setTimeout(r, 300));
    expect(stopped.restarts).toBe(0);
    expect(stopped.failureReason).toBeNull();

    const once = supervise('once', 'process.exit(2);', null);
    expect(await once.failed).toMatch(/^once exited \(exit code 2\)/);
    expect(once.restarts).toBe(0);
  });
});

describe('waitForHttp', () => {
  let dir: string;
  // A port free now for each test: a random one collided with another worker's stack in one CI run.
  let port: number;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-readiness-'));
    port = await freePort();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const start = (source: string) => {
    const file = path.join(dir, 'server.js');
    fs.writeFileSync(file, source);
    return new SupervisedProcess({ name: 'slow', entry: file, env: {}, logDir: dir }, null, () => undefined);
  };
  const server = (readyAfterMs: number) => `
    const started = Date.now();
    require('http').createServer((req, res) => { res.statusCode = Date.now() - started > ${readyAfterMs} ? 200 : 503; res.end('{"status":"starting"}'); }).listen(${port});
    setInterval(() => console.log('still migrating'), 100);`;

  it('waits past the stall limit for a process that keeps making progress, and reports what it waits for', async () => {
    const p = start(server(1500));
    const reports: string[] = [];
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, p, { stallMs: 500, report: (l) => reports.push(l), reportEveryMs: 300 });
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.join('\n')).toMatch(
      /still waiting for slow: http:\/\/127\.0\.0\.1:\d+\/health\/ready \((not listening yet|HTTP 503 \{"status":"starting"\})\)/,
    );
    await p.stop(1000);
  });

  it('fails a process that makes no progress, saying what it waited for', async () => {
    const p = start('setInterval(() => {}, 60_000);');
    await expect(waitForHttp(`http://127.0.0.1:${port}/health/ready`, p, { stallMs: 1000 })).rejects.toThrow(
      /^slow: http:\/\/127\.0\.0\.1:\d+\/health\/ready \(not listening yet\) made no progress for 1 s and is not ready/,
    );
    await p.stop(1000);
  });

  it('fails at once when the process exits', async () => {
    const p = start(`console.error('KAFKA_BROKERS: is required'); process.exit(1);`);
    await expect(waitForHttp(`http://127.0.0.1:${port}/health/ready`, p)).rejects.toThrow(
      /slow is not ready: slow exited \(exit code 1\)[^]*KAFKA_BROKERS: is required/,
    );
  });
});
