import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** `npm start -- <args>` as far as its options: dist/start.js exits on a bad one before starting anything. */
const start = (...args: string[]) =>
  spawnSync(process.execPath, [path.resolve(__dirname, '../dist/start.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

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
});
