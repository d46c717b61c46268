import { exitDescription, isRunning, lastLines, startNodeProcess, stopProcess, type ManagedProcess } from './child-process';

/**
 * When a crashed process is started again. A crash loop (crashes in a row, none after a stable run)
 * past `maxCrashes` is given up on: something is wrong that a restart will not fix.
 */
export interface RestartPolicy {
  /** Delay before the first restart; it doubles with each crash in a row, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Crashes in a row after which the supervisor stops restarting and reports the process as failed. */
  maxCrashes: number;
  /** A process that ran this long before it crashed had recovered: the next crash starts a new count. */
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 10_000, maxCrashes: 5, stableMs: 30_000 };

export interface ProcessSpec {
  name: string;
  entry: string;
  args?: string[];
  env: Record<string, string>;
  logDir: string;
}

/**
 * One process kept running like a process manager would: when it exits without having been asked to
 * stop, the supervisor logs why (exit code or signal, and the tail of its log) and starts it again
 * after a backoff, until it crash-loops past the policy's limit. Without a policy an exit is final.
 */
export class SupervisedProcess {
  private current: ManagedProcess;
  private startedAt = Date.now();
  private crashesInARow = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private giveUp!: (reason: string) => void;
  /** Resolves, with the reason, once the process is down for good without having been asked to stop. */
  readonly failed = new Promise<string>((resolve) => (this.giveUp = resolve));
  private failure: string | null = null;
  /** How many times it was started again after a crash. */
  restarts = 0;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly policy: RestartPolicy | null,
    private readonly log: (line: string) => void,
  ) {
    this.current = this.spawn();
  }

  get name(): string {
    return this.spec.name;
  }

  get logFile(): string {
    return this.current.logFile;
  }

  /** The process running now (or the last one, while a restart is pending or after it failed). */
  get process(): ManagedProcess {
    return this.current;
  }

  /** Why it is down for good (crashed past the policy's limit, or exited without a policy), or null. */
  get failureReason(): string | null {
    return this.failure;
  }

  /** Stops it (SIGTERM, then SIGKILL after `graceMs`) and does not start it again. */
  async stop(graceMs?: number): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await stopProcess(this.current, graceMs);
  }

  private spawn(): ManagedProcess {
    const p = startNodeProcess(this.spec.name, this.spec.entry, this.spec.args ?? [], this.spec.env, this.spec.logDir);
    this.startedAt = Date.now();
    void p.exited.then(() => this.onExit(p));
    return p;
  }

  private onExit(p: ManagedProcess): void {
    if (this.stopping || p !== this.current || isRunning(p)) return;
    const ranMs = Date.now() - this.startedAt;
    const why = `${this.name} exited (${exitDescription(p)}) after ${(ranMs / 1000).toFixed(1)} s`;
    const tail = lastLines(p.logFile, 15);
    const logTail = tail ? `\n  last lines of ${p.logFile}:\n${indent(tail)}` : '';
    if (!this.policy) return this.fail(`${why}${logTail}`);
    this.crashesInARow = ranMs >= this.policy.stableMs ? 1 : this.crashesInARow + 1;
    if (this.crashesInARow > this.policy.maxCrashes) {
      return this.fail(`${why}; it crashed ${this.crashesInARow} times in a row, so it is not restarted again${logTail}`);
    }
    const delay = Math.min(this.policy.initialDelayMs * 2 ** (this.crashesInARow - 1), this.policy.maxDelayMs);
    this.log(
      `${why}; restarting in ${(delay / 1000).toFixed(1)} s (crash ${this.crashesInARow} of at most ${this.policy.maxCrashes} in a row)${logTail}`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.restarts++;
      this.current = this.spawn();
    }, delay);
  }

  private fail(reason: string): void {
    this.failure = reason;
    this.giveUp(reason);
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
