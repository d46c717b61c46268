import { SYSTEM_IDENTITY } from '@crm/auth';
import { LOGGER, type Logger } from '@crm/observability';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ServiceConfig } from '../config/service.config';
import { SlaService } from './sla.service';

/**
 * Runs the SLA watcher every SLA_WATCH_INTERVAL_MS, as the system. Runs never overlap in one
 * process; across instances SKIP LOCKED splits the work and a breach is marked once.
 */
@Injectable()
export class SlaWatcherJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly sla: SlaService,
    @Inject(SUBGRAPH_CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SLA_WATCH_ENABLED) return;
    this.timer = setInterval(() => void this.tick(), this.config.SLA_WATCH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One run now; a run already in progress is awaited rather than doubled. */
  runOnce(now = new Date()): Promise<number> {
    if (this.running) return this.running;
    this.running = this.sla.watch(SYSTEM_IDENTITY, now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      const marked = await this.runOnce();
      if (marked) this.logger.info({ marked }, 'SLA breaches marked');
    } catch (err) {
      this.logger.error({ err }, 'SLA watcher failed; it runs again at the next interval');
    }
  }
}
