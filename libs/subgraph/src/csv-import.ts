import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import type { Transaction, UnitOfWork } from '@crm/database';
import type { DataSource } from 'typeorm';
import { readCsvRows, type ColumnMapping, type CsvRow, type MappingRules } from './csv-upload';

/**
 * A CSV import as a resumable job, whatever it imports: the upload is checked and staged in one
 * transaction (all or nothing), its rows then applied in batches, each batch one transaction that
 * writes the records, their events and the rows' outcomes together, so an import stopped anywhere
 * resumes at the next pending row and never applies one twice. The importer says what a row means
 * (CsvImporter); this holds the job, its rows, its progress and its report of failed rows.
 */

export enum ImportStatus {
  /** Rows are left to apply. */
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
}

/** What an import does with a row whose dedupe key (an email, a domain) is a record's already. */
export enum OnDuplicate {
  UPDATE = 'UPDATE',
  SKIP = 'SKIP',
}

export enum RowOutcome {
  PENDING = 'PENDING',
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  SKIPPED = 'SKIPPED',
  FAILED = 'FAILED',
}

/** An import job's row (its table is the importer's: lead_import, customer_import...). */
export interface ImportJobRow {
  id: string;
  status: ImportStatus;
  on_duplicate: OnDuplicate;
  mapping: Record<string, string>;
  header: string[];
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/**
 * Where an importer's jobs live. Both tables have the shape of marketing's lead imports migration;
 * the row table names its dedupe key and record id columns. Names come from code, never a request.
 */
export interface ImportTables {
  job: string;
  rows: string;
  /** The column of a row's dedupe key (email, domain). */
  key: string;
  /** The column of the record a row created or matched. */
  record: string;
}

/** A row's check: its dedupe key and checked values, or why it fails (the column named). */
export type RowCheck<V> = { key: string; values: V } | { reason: string };

/** A staged row left to apply. */
export interface PendingRow<V> {
  line: number;
  key: string;
  values: V;
}

/** What applying a row came to. */
export interface RowResult {
  line: number;
  outcome: RowOutcome.CREATED | RowOutcome.UPDATED | RowOutcome.SKIPPED | RowOutcome.FAILED;
  reason: string | null;
  recordId: string | null;
}

/** What a CSV import of one kind of record knows; CsvImports runs the job. */
export interface CsvImporter<V> {
  /** The record's name in messages and file names: "lead", "customer". */
  noun: string;
  /** The HTTP path of these imports, e.g. "/imports/leads" (progress and report URLs hang below it). */
  path: string;
  tables: ImportTables;
  rules: MappingRules;
  /** The dedupe key's name in a repeated row's reason: "email", "domain". */
  keyName: string;
  maxBytes: number;
  batchSize: number;
  /**
   * Checks rows as the upload is read (in its transaction, for look-ups such as an owner's email).
   * A row whose `problem` readCsvRows named (a NUL byte, non-UTF-8 text, shifted cells) fails with it and never comes here.
   */
  check(tx: Transaction, rows: readonly CsvRow[], mapping: ColumnMapping): Promise<RowCheck<V>[]>;
  /** Applies pending rows (each key once per import): writes the records and their events, answers each row's outcome. */
  apply(tx: Transaction, job: ImportJobRow, rows: PendingRow<V>[]): Promise<RowResult[]>;
}

/**
 * What every importer's set-up repeats: its limits and the engine that runs its jobs over it. An
 * importer extends this, passes its config's limits, and says what it imports (noun, path, tables,
 * rules, key) and how a row is checked and applied. The engine reads those lazily, so subclass fields
 * set after this constructor are in place before any import runs.
 */
export abstract class CsvImporterBase<V> implements CsvImporter<V> {
  abstract readonly noun: string;
  abstract readonly path: string;
  abstract readonly tables: ImportTables;
  abstract readonly rules: MappingRules;
  abstract readonly keyName: string;
  readonly maxBytes: number;
  readonly batchSize: number;
  /** The engine: stage, apply in batches, progress and reports; the import job and controller use it. */
  readonly imports: CsvImports<V>;

  protected constructor(uow: UnitOfWork, db: DataSource, limits: { maxBytes: number; batchSize: number }) {
    this.maxBytes = limits.maxBytes;
    this.batchSize = limits.batchSize;
    this.imports = new CsvImports(uow, db, this);
  }

  abstract check(tx: Transaction, rows: readonly CsvRow[], mapping: ColumnMapping): Promise<RowCheck<V>[]>;
  abstract apply(tx: Transaction, job: ImportJobRow, rows: PendingRow<V>[]): Promise<RowResult[]>;
}

/** An import's progress as the HTTP answer shows it. */
export interface ImportView {
  id: string;
  status: ImportStatus;
  onDuplicate: OnDuplicate;
  rows: { total: number; done: number; created: number; updated: number; skipped: number; failed: number };
  createdAt: string;
  finishedAt: string | null;
  failedRowsUrl: string;
  done: boolean;
}

interface StagedRow {
  line: number;
  key: string | null;
  values: unknown;
  raw: string[] | null;
  outcome: RowOutcome;
  reason: string | null;
}

/** Rows per page of the failed-rows report. */
const REPORT_PAGE = 500;

/** Runs an importer's jobs. Batches go to SQL as one JSON text each (json_to_recordset): one statement per table and batch. */
export class CsvImports<V> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly db: DataSource,
    readonly importer: CsvImporter<V>,
  ) {}

  /** Reads, checks and stages an upload; a CsvUploadError (mapping, size, malformed file) writes nothing. */
  stage(caller: Identity, body: Readable, mapping: ColumnMapping, onDuplicate: OnDuplicate): Promise<ImportJobRow> {
    const { tables: t } = this.importer;
    return this.uow.run(caller, async (tx) => {
      const id = randomUUID();
      const now = new Date();
      await tx.manager.query(
        `INSERT INTO ${t.job} (id, status, on_duplicate, mapping, header, created_by, created_at, updated_at)
         VALUES ($1, 'RUNNING', $2, $3, '[]', $4, $5, $5)`,
        [id, onDuplicate, JSON.stringify(mapping), caller.userId, now],
      );
      const firstLine = new Map<string, number>();
      let total = 0;
      let failed = 0;
      let skipped = 0;
      let header: string[] = [];
      for await (const batch of readCsvRows(body, {
        mapping,
        limitBytes: this.importer.maxBytes,
        batchSize: this.importer.batchSize,
        onHeader: (h) => void (header = h),
      })) {
        // What the file itself got wrong in a row (a mapped cell's NUL byte or non-UTF-8 text, shifted
        // cells: readCsvRows' `problem`) fails it here, before the importer looks anything up with it.
        const checks = await this.importer.check(
          tx,
          batch.filter((row) => !row.problem),
          mapping,
        );
        let next = 0;
        const staged = batch.map((row) =>
          row.problem
            ? { line: row.line, key: null, values: null, raw: row.raw, outcome: RowOutcome.FAILED, reason: row.problem }
            : this.staged(row, checks[next++]!, firstLine),
        );
        failed += staged.filter((s) => s.outcome === RowOutcome.FAILED).length;
        skipped += staged.filter((s) => s.outcome === RowOutcome.SKIPPED).length;
        total += staged.length;
        await tx.manager.query(
          `INSERT INTO ${t.rows} (import_id, line, ${t.key}, "values", raw, outcome, reason)
           SELECT $1, r.line, r.key, r."values", r.raw, r.outcome, r.reason
           FROM json_to_recordset($2::json) AS r(line int, key text, "values" jsonb, raw jsonb, outcome text, reason text)`,
          [id, JSON.stringify(staged)],
        );
      }
      // Failed rows and repeats are settled already; an import with nothing left is complete at once.
      const done = failed + skipped;
      const [rows] = await tx.manager.query<[ImportJobRow[], number]>(
        `UPDATE ${t.job} SET header = $2, rows_total = $3::int, rows_done = $4::int, skipped = $5::int, failed = $6::int,
                status = CASE WHEN $4::int = $3::int THEN 'COMPLETED' ELSE 'RUNNING' END,
                finished_at = CASE WHEN $4::int = $3::int THEN updated_at END
         WHERE id = $1 RETURNING *`,
        [id, JSON.stringify(header), total, done, skipped, failed],
      );
      return rows[0]!;
    });
  }

  /** A row as staged: pending with its checked values, failed with its cells, or skipped as a repeat of an earlier line. */
  private staged(row: CsvRow, check: RowCheck<V>, firstLine: Map<string, number>): StagedRow {
    if ('reason' in check) {
      return { line: row.line, key: null, values: null, raw: row.raw, outcome: RowOutcome.FAILED, reason: check.reason };
    }
    const earlier = firstLine.get(check.key);
    if (earlier !== undefined) {
      const reason = `the same ${this.importer.keyName} is on line ${earlier}`;
      return { line: row.line, key: check.key, values: null, raw: null, outcome: RowOutcome.SKIPPED, reason };
    }
    firstLine.set(check.key, row.line);
    // Its cells too: should applying it fail, the report shows them (settling a row that did not fail drops them).
    return { line: row.line, key: check.key, values: check.values, raw: row.raw, outcome: RowOutcome.PENDING, reason: null };
  }

  async find(id: string): Promise<ImportJobRow | null> {
    const rows = await this.db.query<ImportJobRow[]>(`SELECT * FROM ${this.importer.tables.job} WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** One page of the imports `createdBy` uploaded, newest first: those after `after` (a keyset of created_at and id). */
  pageBy(createdBy: string, after: { created_at: Date; id: string } | null, limit: number): Promise<ImportJobRow[]> {
    return this.db.query(
      `SELECT * FROM ${this.importer.tables.job}
       WHERE created_by = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [createdBy, after?.created_at ?? null, after?.id ?? null, limit],
    );
  }

  /** The failed rows with their reasons, page by page, for the report. */
  async *failedRows(id: string): AsyncGenerator<{ line: number; reason: string; raw: string[] | null }[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db.query<{ line: number; reason: string; raw: string[] | null }[]>(
        `SELECT line, reason, raw FROM ${this.importer.tables.rows}
         WHERE import_id = $1 AND outcome = 'FAILED' AND line > $2 ORDER BY line LIMIT $3`,
        [id, after, REPORT_PAGE],
      );
      if (!rows.length) return;
      yield rows;
      after = rows[rows.length - 1]!.line;
    }
  }

  /**
   * Applies one batch of the oldest import with rows left that no other instance is working on
   * (SKIP LOCKED); false when there is none.
   */
  applyNextBatch(): Promise<boolean> {
    const { tables: t, batchSize } = this.importer;
    return this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      const [job] = await tx.manager.query<ImportJobRow[]>(
        `SELECT * FROM ${t.job} WHERE status = 'RUNNING' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!job) return false;
      const pending = await tx.manager.query<PendingRow<V>[]>(
        `SELECT line, ${t.key} AS key, "values" FROM ${t.rows} WHERE import_id = $1 AND outcome = 'PENDING' ORDER BY line LIMIT $2`,
        [job.id, batchSize],
      );
      const results = pending.length ? await this.importer.apply(tx, job, pending) : [];
      await this.settle(tx, job.id, results);
      return true;
    });
  }

  /** Records each row's outcome and adds the batch to the import's progress; completes it when no row is left (or none was found). */
  private async settle(tx: Transaction, importId: string, results: readonly RowResult[]): Promise<void> {
    const { tables: t } = this.importer;
    const count = (o: RowOutcome) => results.filter((r) => r.outcome === o).length;
    await tx.manager.query(
      `UPDATE ${t.rows} r SET outcome = o.outcome, reason = o.reason, ${t.record} = o."recordId", "values" = NULL,
              raw = CASE WHEN o.outcome = 'FAILED' THEN r.raw END
       FROM json_to_recordset($2::json) AS o(line int, outcome text, reason text, "recordId" uuid)
       WHERE r.import_id = $1 AND r.line = o.line`,
      [importId, JSON.stringify(results)],
    );
    await tx.manager.query(
      `UPDATE ${t.job} SET rows_done = rows_done + $2::int, created = created + $3::int, updated = updated + $4::int,
              skipped = skipped + $5::int, failed = failed + $6::int, updated_at = $7::timestamptz,
              status = CASE WHEN rows_done + $2::int >= rows_total OR $2::int = 0 THEN 'COMPLETED' ELSE 'RUNNING' END,
              finished_at = CASE WHEN rows_done + $2::int >= rows_total OR $2::int = 0 THEN $7::timestamptz END
       WHERE id = $1`,
      [
        importId,
        results.length,
        count(RowOutcome.CREATED),
        count(RowOutcome.UPDATED),
        count(RowOutcome.SKIPPED),
        count(RowOutcome.FAILED),
        new Date(),
      ],
    );
  }

  view(job: ImportJobRow): ImportView {
    return {
      ...jobProgress(job, this.importer.path),
      createdAt: job.created_at.toISOString(),
      finishedAt: job.finished_at?.toISOString() ?? null,
      done: job.status === ImportStatus.COMPLETED,
    };
  }
}

/**
 * What the HTTP answer (view) and an app's GraphQL object of an import both show of a job: its
 * state, its row counts and where its failed rows download (below the importer's `path`).
 */
export function jobProgress(job: ImportJobRow, path: string): Pick<ImportView, 'id' | 'status' | 'onDuplicate' | 'rows' | 'failedRowsUrl'> {
  return {
    id: job.id,
    status: job.status,
    onDuplicate: job.on_duplicate,
    rows: {
      total: job.rows_total,
      done: job.rows_done,
      created: job.created,
      updated: job.updated,
      skipped: job.skipped,
      failed: job.failed,
    },
    failedRowsUrl: `${path}/${job.id}/failed-rows.csv`,
  };
}
