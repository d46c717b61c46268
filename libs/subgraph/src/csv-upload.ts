import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';

/**
 * The pieces of a CSV import over plain HTTP that do not depend on what is imported: the column
 * mapping, the size limit, the streaming parse and the header check. Each refusal is a
 * CsvUploadError with the HTTP status and the part of the request at fault, raised before the
 * importer has to trust a row; the importer decides what a row means.
 */

/** A refusal of the upload as a whole: 400 (mapping, malformed CSV), 413 (too large), 415 (not CSV). */
export class CsvUploadError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CsvUploadError';
  }
}

/** Which file column fills which target (a column header → a target name the importer knows). */
export type ColumnMapping = Readonly<Record<string, string>>;

export interface MappingRules {
  /** The targets a column may fill. */
  targets: readonly string[];
  /** Targets some column must fill (the dedupe key, say). */
  required?: readonly string[];
  /** Targets refused with their reason (e.g. consent, which an import never sets). */
  refused?: Readonly<Record<string, string>>;
}

const COLUMNS_MAX = 100;
const HEADER_MAX = 200;

/**
 * The `mapping` parameter: JSON of `{ "<column header>": "<target>" }`. Every refusal names the
 * column (`mapping.<header>`), or `mapping` when the whole is wrong.
 */
export function parseColumnMapping(text: string | undefined, rules: MappingRules, field = 'mapping'): ColumnMapping {
  if (text === undefined || text.trim() === '') {
    throw new CsvUploadError(
      400,
      field,
      `${field} is required: JSON of {"<column header>": "<target>"}, targets ${rules.targets.join(', ')}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CsvUploadError(400, field, `${field} must be JSON of {"<column header>": "<target>"}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CsvUploadError(400, field, `${field} must be a JSON object of column headers to targets`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || entries.length > COLUMNS_MAX) {
    throw new CsvUploadError(400, field, `${field} must map 1 to ${COLUMNS_MAX} columns`);
  }
  const mapping: Record<string, string> = {};
  const filledBy = new Map<string, string>();
  for (const [column, target] of entries) {
    const at = `${field}.${column}`;
    if (column.trim() === '' || column.length > HEADER_MAX)
      throw new CsvUploadError(400, at, `a column header must be 1 to ${HEADER_MAX} characters`);
    if (typeof target !== 'string') throw new CsvUploadError(400, at, `column "${column}" must map to a target name`);
    const normalised = target.trim().toUpperCase();
    const refusal = rules.refused?.[normalised];
    if (refusal) throw new CsvUploadError(400, at, `column "${column}" cannot be imported as ${normalised}: ${refusal}`);
    if (!rules.targets.includes(normalised)) {
      throw new CsvUploadError(400, at, `column "${column}" maps to ${target}, which is none of ${rules.targets.join(', ')}`);
    }
    const other = filledBy.get(normalised);
    if (other !== undefined) throw new CsvUploadError(400, at, `columns "${other}" and "${column}" both map to ${normalised}`);
    filledBy.set(normalised, column);
    mapping[column] = normalised;
  }
  for (const target of rules.required ?? []) {
    if (!filledBy.has(target)) throw new CsvUploadError(400, field, `${field} must map a column to ${target}`);
  }
  return mapping;
}

/** One data row of the file: its line number (the header is line 1), its mapped values by column, and its cells. */
export interface CsvRow {
  line: number;
  /** The mapped columns' cells, by column header (trimmed; an empty cell is absent). */
  cells: Record<string, string>;
  /** Every cell as it came (a NUL byte, which Postgres text cannot hold, as U+FFFD), for the report of failed rows. */
  raw: string[];
  /** Why the row cannot be taken as it is (a mapped column's NUL byte or non-UTF-8 text, more cells than the header), or null: the importer fails it with this reason. */
  problem: string | null;
}

export interface CsvReadOptions {
  mapping: ColumnMapping;
  /** Bytes the body may hold; past it the read stops with a 413. */
  limitBytes: number;
  /** Rows per batch handed to the importer. */
  batchSize: number;
  /** The longest row, in characters; a longer one is a malformed file (a quote never closed, say). */
  maxRowChars?: number;
  /** Told the file's header once it is read and checked (a report of failed rows repeats it). */
  onHeader?: (header: string[]) => void;
}

/** Counts the bytes that pass and fails the stream once there are more than `limit`. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return done(new CsvUploadError(413, 'body', `The upload is over the limit of ${this.limit} bytes`));
    done(null, chunk);
  }
}

/** U+FFFD is what bytes that are not UTF-8 decode to: a file saved as Latin-1 or another code page. */
const NOT_UTF8 = '\uFFFD';

/** What is wrong with a cell's text: a NUL byte (Postgres text holds none) or bytes that are not UTF-8. */
function textProblem(cell: string): string | null {
  if (cell.includes('\u0000')) return 'holds a NUL byte';
  if (cell.includes(NOT_UTF8)) return 'is not UTF-8 text (save the file as CSV UTF-8)';
  return null;
}

/** Why a data row cannot be taken as it is, naming the column, or null. Only the mapped cells' text matters. */
function rowProblem(
  record: readonly string[],
  header: readonly string[],
  mapped: readonly { header: string; index: number }[],
): string | null {
  for (const { header: column, index } of mapped) {
    const wrong = textProblem(record[index] ?? '');
    if (wrong) return `${column} ${wrong}`;
  }
  // Cells past the header that hold something mean the row's cells are shifted (a comma in an
  // unquoted cell): which value belongs to which column cannot be told. Trailing empty ones are harmless.
  if (record.slice(header.length).some((c) => c.trim() !== '')) {
    return `the row has ${record.length} cells but the header has ${header.length}: quote a cell that holds a comma`;
  }
  return null;
}

/**
 * The rows of an uploaded CSV, streamed: batches of `batchSize`, read with backpressure, so an
 * upload of any length holds one batch. The header must hold every mapped column (400 naming the
 * first that is missing). A malformed file is a 400 naming its line; past `limitBytes` a 413. A row
 * with a NUL byte, text that is not UTF-8 or more cells than the header comes with its `problem`.
 */
export async function* readCsvRows(body: Readable, opts: CsvReadOptions): AsyncGenerator<CsvRow[]> {
  const limit = new ByteLimit(opts.limitBytes);
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: opts.maxRowChars ?? 64 * 1024,
    info: true,
  });
  body.on('error', (e) => limit.destroy(e));
  limit.on('error', (e) => parser.destroy(e));
  body.pipe(limit).pipe(parser);
  let headerRow: string[] = [];
  let columns: { header: string; index: number }[] | null = null;
  let batch: CsvRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        const header = record.map((h) => h.trim());
        // The header is kept with the import (its report repeats it): it must be text Postgres holds.
        const unreadable = header.findIndex((h) => textProblem(h) !== null);
        if (unreadable >= 0)
          throw new CsvUploadError(400, 'body', `The header's column ${unreadable + 1} ${textProblem(header[unreadable]!)}`);
        headerRow = header;
        columns = Object.keys(opts.mapping).map((column) => {
          const index = header.indexOf(column);
          if (index < 0) {
            throw new CsvUploadError(
              400,
              `mapping.${column}`,
              `column "${column}" is not in the file's header (${header.map((h) => `"${h}"`).join(', ')})`,
            );
          }
          return { header: column, index };
        });
        opts.onHeader?.(header);
        continue;
      }
      const cells: Record<string, string> = {};
      for (const { header, index } of columns) {
        const v = record[index]?.trim();
        if (v) cells[header] = v;
      }
      const raw = record.map((c) => (c.includes('\u0000') ? c.replaceAll('\u0000', NOT_UTF8) : c));
      batch.push({ line: info.lines, cells, raw, problem: rowProblem(record, headerRow, columns) });
      if (batch.length >= opts.batchSize) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    if (e instanceof CsvUploadError) throw e;
    if (e instanceof CsvError) throw new CsvUploadError(400, 'body', `The file is not valid CSV: ${e.message}`);
    throw e;
  } finally {
    body.unpipe(limit);
    limit.destroy();
  }
  if (!columns) throw new CsvUploadError(400, 'body', 'The file is empty: it needs a header row and at least one row');
  if (batch.length) yield batch;
}
