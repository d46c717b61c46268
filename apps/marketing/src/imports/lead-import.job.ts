import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { MarketingConfig } from '../config/marketing.config';
import { LeadImportService } from './lead-import.service';

/**
 * Applies staged lead imports, batch after batch, until none has rows left. It runs every
 * LEAD_IMPORT_POLL_MS, which is what resumes an import after a restart, and at once after an
 * upload. Instances share the work safely: each batch locks its import (SKIP LOCKED).
 */
@Injectable()
export class LeadImportJob extends IntervalJob<number> {
  private readonly enabled: boolean;

  constructor(
    private readonly imports: LeadImportService,
    @Inject(SUBGRAPH_CONFIG) config: MarketingConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'lead import job', enabled: config.LEAD_IMPORT_ENABLED, intervalMs: config.LEAD_IMPORT_POLL_MS }, logger);
    this.enabled = config.LEAD_IMPORT_ENABLED;
  }

  /** Starts a run now, without waiting for it: the upload's answer does not wait for its rows. */
  kick(): void {
    if (!this.enabled) return;
    this.runOnce().then(
      (batches) => this.report(batches),
      (err: unknown) => this.logger.error({ err }, 'lead import job failed; it resumes at the next interval'),
    );
  }

  protected async work(): Promise<number> {
    let batches = 0;
    while (await this.imports.applyNextBatch()) batches++;
    return batches;
  }

  protected report(batches: number): void {
    if (batches) this.logger.info({ batches }, 'lead import batches applied');
  }
}
