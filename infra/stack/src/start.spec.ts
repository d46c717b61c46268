import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** `npm start -- <args>` as far as its options: dist/start.js exits on a bad one before starting anything. */
const start = (...args: string[]) => startWith({}, ...args);
const startWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [path.resolve(__dirname, '../dist/start.js'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });

describe('npm start’s command line', () => {
  it.each([
    [['--unknown-flag'], "Unknown option '--unknown-flag'"],
    [['--pg-port'], "Option '--pg-port <value>' argument missing"],
    [['--pg-port', '70000'], '--pg-port must be a port number, got "70000"'],
  ])('answers %j with what was wrong and the usage line, exit code 2, and no stack trace', (args, said) => {
    const r = start(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(said);
    expect(r.stderr).toContain('Usage: npm start [-- --data-dir .data]');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  });

  it.each(['0', '-3', 'ten', '1000', ''])('refuses DATABASE_POOL_SIZE=%j before starting anything, naming it', (pool) => {
    const r = startWith({ DATABASE_POOL_SIZE: pool });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`DATABASE_POOL_SIZE must be a whole number from 1 to 999, got "${pool}"`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  });
});
