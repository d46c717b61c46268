import * as fs from 'node:fs';
import { exitDescription, isRunning, lastLines, type ManagedProcess } from './child-process';
import { SupervisedProcess } from './supervisor';

export interface ReadinessOptions {
  /**
   * How long the process may go without any sign of progress (CPU time spent, log written, a
   * restart) before the wait gives up. There is no overall limit: a slow start on a busy machine is
   * still a start.
   */
  stallMs?: number;
  /** Told what is still awaited, every `reportEveryMs`. */
  report?: (line: string) => void;
  reportEveryMs?: number;
}

/**
 * Polls `url` until it answers 200. It waits as long as the process is alive and making progress;
 * it fails when the process exits (for a supervised one: when the supervisor gives up on it) or
 * stalls, saying what it last saw.
 */
export async function waitForHttp(
  url: string,
  target: ManagedProcess | SupervisedProcess | null,
  opts: ReadinessOptions = {},
): Promise<void> {
  const { stallMs = 60_000, report, reportEveryMs = 10_000 } = opts;
  const name = target?.name ?? url;
  const started = Date.now();
  let lastProgress = started;
  let lastReport = started;
  let progress = target ? progressSample(current(target)) : '';
  let lastAnswer = 'no answer yet';
  for (;;) {
    if (target) {
      const p = current(target);
      if (target instanceof SupervisedProcess && target.failureReason) throw new Error(`${name} is not ready: ${target.failureReason}`);
      if (!(target instanceof SupervisedProcess) && !isRunning(p))
        throw new Error(`${name} exited (${exitDescription(p)}) before it was ready:\n${lastLines(p.logFile)}`);
      const sample = progressSample(p);
      if (sample !== progress) [progress, lastProgress] = [sample, Date.now()];
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastAnswer = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      lastAnswer = describeFetchError(e);
    }
    const now = Date.now();
    const waiting = `${name}: ${url} (${lastAnswer})`;
    if (!target && now - started > stallMs) throw new Error(`${waiting} did not answer 200 within ${stallMs / 1000} s`);
    if (target && now - lastProgress > stallMs) {
      const log = current(target).logFile;
      throw new Error(`${waiting} made no progress for ${stallMs / 1000} s and is not ready; see ${log}:\n${lastLines(log)}`);
    }
    if (report && now - lastReport >= reportEveryMs) {
      lastReport = now;
      report(`still waiting for ${waiting} after ${Math.round((now - started) / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const current = (t: ManagedProcess | SupervisedProcess): ManagedProcess => (t instanceof SupervisedProcess ? t.process : t);

/**
 * What changes while a process works: its id (a restart), its log's size and, where /proc exists,
 * the CPU time it has used. A process blocked for good changes none of them.
 */
function progressSample(p: ManagedProcess): string {
  let size = -1;
  let cpu = '';
  try {
    size = fs.statSync(p.logFile).size;
  } catch {
    // no log yet
  }
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name): user and system time.
    const stat = fs.readFileSync(`/proc/${p.child.pid}/stat`, 'utf8');
    cpu = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .slice(11, 13)
      .join('+');
  } catch {
    // not Linux, or gone
  }
  return `${p.child.pid}:${size}:${cpu}`;
}

function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'not listening yet';
  if ((e as Error).name === 'TimeoutError') return 'no answer within 2 s';
  return cause?.code ?? (e as Error).message;
}
