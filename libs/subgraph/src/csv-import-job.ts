import type { Logger } from '@crm/observability';
import type { CsvImports } from './csv-import';
import { IntervalJob, type IntervalJobSchedule } from './interval-job';

/**
 * Applies staged CSV imports, batch after batch, until none has rows left. It runs every interval,
 * which is what resumes an import after a restart, and at once after an upload (`kick`). Instances
 * share the work safely: each batch locks its import (SKIP LOCKED).
 */
export class CsvImportJob extends IntervalJob<number> {
  constructor(
    private readonly imports: readonly CsvImports<unknown>[],
    schedule: IntervalJobSchedule,
    logger: Logger,
  ) {
    super(schedule, logger);
  }

  /** Starts a run now, without waiting for it: the upload's answer does not wait for its rows. */
  kick(): void {
    if (!this.schedule.enabled) return;
    this.runOnce().then(
      (batches) => this.report(batches),
      (err: unknown) => this.logger.error({ err }, `${this.schedule.name} failed; it resumes at the next interval`),
    );
  }

  protected async work(): Promise<number> {
    let batches = 0;
    for (const imports of this.imports) while (await imports.applyNextBatch()) batches++;
    return batches;
  }

  protected report(batches: number): void {
    if (batches) this.logger.info({ batches }, `${this.schedule.name}: batches applied`);
  }
}
