import type { Logger } from '@crm/observability';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

export interface IntervalJobSchedule {
  /** Shown in the log line when a run fails. */
  name: string;
  enabled: boolean;
  intervalMs: number;
}

/**
 * A job a subgraph runs every `intervalMs` (jobs have no request identity: `work` runs as the
 * system). Runs never overlap in one process: a run already in progress is awaited rather than
 * doubled; across instances the work itself must be idempotent (SKIP LOCKED, unique keys). A failed
 * run is logged and the next interval tries again. Tests call `runOnce` with the time they need.
 */
export abstract class IntervalJob<R> implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<R> | null = null;
  private shuttingDown = false;

  protected constructor(
    protected readonly schedule: IntervalJobSchedule,
    protected readonly logger: Logger,
  ) {}

  /** One run at `now`. */
  protected abstract work(now: Date): Promise<R>;

  /** What a successful run logs, if anything. */
  protected abstract report(result: R): void;

  onApplicationBootstrap(): void {
    if (!this.schedule.enabled) return;
    this.timer = setInterval(() => void this.tick(), this.schedule.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * True once shutdown has begun: a run that loops over many batches checks it between batches, so
   * shutdown waits for one batch rather than for the whole backlog.
   */
  protected get stopping(): boolean {
    return this.shuttingDown;
  }

  runOnce(now = new Date()): Promise<R> {
    if (this.running) return this.running;
    this.running = this.work(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * A run as the timer starts it: its result reported, a failure logged, never thrown. A job that
   * finds more to do before the next interval (a delivery finished) may start one itself.
   */
  protected async tick(): Promise<void> {
    try {
      this.report(await this.runOnce());
    } catch (err) {
      this.logger.error({ err }, `${this.schedule.name} failed; it runs again at the next interval`);
    }
  }
}
