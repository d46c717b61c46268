import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import {
  CsvImporterBase,
  OnDuplicate,
  RowOutcome,
  SUBGRAPH_CONFIG,
  type ImportJobRow,
  type PendingRow,
  type RowResult,
} from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SalesConfig } from '../config/sales.config';
import { ImportRecordsRepository } from './import-records.repository';

/**
 * What sales' customer and contact importers share: their limits from sales' config, the engine
 * that runs their jobs, and how a row comes to its outcome by the records its key matches. An
 * importer says what it imports and how a row is checked, created and compared; it needs no
 * constructor of its own (Nest injects this one's).
 */
@Injectable()
export abstract class SalesImporter<V> extends CsvImporterBase<V> {
  constructor(
    uow: UnitOfWork,
    db: DataSource,
    protected readonly records: ImportRecordsRepository,
    protected readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) config: SalesConfig,
  ) {
    super(uow, db, { maxBytes: config.IMPORT_MAX_BYTES, batchSize: config.IMPORT_BATCH_SIZE });
  }

  /**
   * Each row's outcome by the records its key matches (`found`, each under `keyOf` it): none, and
   * `create` makes one (answering its id); several, and the row fails (they are to be merged
   * first); one, and the row is skipped when the upload said so, else `update` answers whether
   * it would change anything: a row that would not is skipped, so the same file again changes nothing.
   */
  protected outcomes<R extends { id: string }>(
    job: ImportJobRow,
    rows: readonly PendingRow<V>[],
    found: readonly R[],
    keyOf: (record: R) => string,
    create: (row: PendingRow<V>) => string,
    update: (row: PendingRow<V>, existing: R) => boolean,
  ): RowResult[] {
    const byKey = new Map<string, R[]>();
    for (const r of found) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]);
    return rows.map((row): RowResult => {
      const { line, key } = row;
      const matches = byKey.get(key) ?? [];
      const existing = matches[0];
      if (!existing) return { line, outcome: RowOutcome.CREATED, reason: null, recordId: create(row) };
      if (matches.length > 1) {
        const reason = `${matches.length} ${this.noun}s have the ${this.keyName} ${key}: merge them, then import the row again`;
        return { line, outcome: RowOutcome.FAILED, reason, recordId: null };
      }
      if (job.on_duplicate === OnDuplicate.SKIP)
        return { line, outcome: RowOutcome.SKIPPED, reason: `a ${this.noun} with this ${this.keyName} exists`, recordId: existing.id };
      if (!update(row, existing))
        return { line, outcome: RowOutcome.SKIPPED, reason: `the ${this.noun} already holds these values`, recordId: existing.id };
      return { line, outcome: RowOutcome.UPDATED, reason: null, recordId: existing.id };
    });
  }
}
