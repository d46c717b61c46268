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
  /** Every cell as it came, for the report of failed rows. */
  raw: string[];
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

/** Fails the stream at the first byte that is not UTF-8 (a file saved in Latin-1, say), rather than read it as U+FFFD. */
class Utf8Check extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private seen = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      return done(new CsvUploadError(400, 'body', `The file is not UTF-8 text: the bytes after byte ${this.seen} are not UTF-8`));
    }
    this.seen += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.decode();
    } catch {
      return done(new CsvUploadError(400, 'body', 'The file is not UTF-8 text: it ends inside a character'));
    }
    done();
  }
}

/**
 * The rows of an uploaded CSV, streamed: batches of `batchSize`, read with backpressure, so an
 * upload of any length holds one batch. The header must hold every mapped column (400 naming the
 * first that is missing). A malformed file, or one that is not UTF-8, is a 400; past `limitBytes` a 413.
 */
export async function* readCsvRows(body: Readable, opts: CsvReadOptions): AsyncGenerator<CsvRow[]> {
  const limit = new ByteLimit(opts.limitBytes);
  const utf8 = new Utf8Check();
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: opts.maxRowChars ?? 64 * 1024,
    info: true,
  });
  body.on('error', (e) => limit.destroy(e));
  limit.on('error', (e) => parser.destroy(e));
  utf8.on('error', (e) => parser.destroy(e));
  body.pipe(limit).pipe(utf8).pipe(parser);
  let columns: { header: string; index: number }[] | null = null;
  let batch: CsvRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        const header = record.map((h) => h.trim());
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
      batch.push({ line: info.lines, cells, raw: record });
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
    utf8.destroy();
  }
  if (!columns) throw new CsvUploadError(400, 'body', 'The file is empty: it needs a header row and at least one row');
  if (batch.length) yield batch;
}
