import { LOGGER, type Logger } from '@crm/observability';
import { Inject, Injectable, mixin, type OnApplicationBootstrap, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { SUBGRAPH_CONFIG } from './subgraph';

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

/** What a job made by {@link ScheduledJob} does; the class around it is the same for every such job. */
export interface ScheduledJobSpec<S, C, R> {
  /** Shown in the log line when a run fails. */
  name: string;
  /** The job's switch and interval, read from the subgraph's config as validated at boot. */
  schedule(config: C): { enabled: boolean; intervalMs: number };
  /** One run at `now` on the injected service. */
  run(service: S, now: Date, config: C): Promise<R>;
  /** Logs what a successful run did (`ms`: how long it took), if anything. */
  report(result: R, logger: Logger, ms: number): void;
}

/** What a {@link ScheduledJob} class offers outside: its runs and the lifecycle hooks Nest calls. */
export type ScheduledJobInstance<R> = Pick<IntervalJob<R>, 'runOnce' | 'onApplicationBootstrap' | 'onApplicationShutdown'>;

/**
 * The Nest class of a job that calls one service on an interval: `class XJob extends
 * ScheduledJob(XService, {...}) {}`. The subclass stays a provider token of its own, so modules and
 * tests name it as before (`app.get(XJob).runOnce(now)`).
 */
export function ScheduledJob<S, C, R>(service: Type<S>, spec: ScheduledJobSpec<S, C, R>): Type<ScheduledJobInstance<R>> {
  @Injectable()
  class Scheduled extends IntervalJob<R> {
    private lastRunMs = 0;

    constructor(
      @Inject(service) private readonly target: S,
      @Inject(SUBGRAPH_CONFIG) private readonly config: C,
      @Inject(LOGGER) logger: Logger,
    ) {
      super({ name: spec.name, ...spec.schedule(config) }, logger);
    }

    protected async work(now: Date): Promise<R> {
      const started = performance.now();
      const result = await spec.run(this.target, now, this.config);
      this.lastRunMs = Math.round(performance.now() - started);
      return result;
    }

    protected report(result: R): void {
      spec.report(result, this.logger, this.lastRunMs);
    }
  }
  return mixin(Scheduled);
}
