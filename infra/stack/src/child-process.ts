import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** The exit code once it has exited (null when a signal ended it: see `child.signalCode`). */
  exited: Promise<number | null>;
}

/** Runs a Node entry point with its own environment; its output goes to a log file, not the terminal. */
export function startNodeProcess(name: string, entry: string, args: string[], env: Record<string, string>, logDir: string): ManagedProcess {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, logFile, exited };
}

export const isRunning = (p: ManagedProcess): boolean => p.child.exitCode === null && p.child.signalCode === null;

/** How a process ended, for a person: "exit code 1" or "signal SIGKILL". */
export function exitDescription(p: ManagedProcess): string {
  return p.child.signalCode ? `signal ${p.child.signalCode}` : `exit code ${p.child.exitCode}`;
}

export function lastLines(file: string, n = 20): string {
  if (!fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(p: ManagedProcess, graceMs = 10_000): Promise<void> {
  if (!isRunning(p)) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}
