import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';

export type CsvCell = string | number | null;

/**
 * Writes pages of rows to `out` as CSV under `header`, with backpressure, so a download of any
 * length holds one page. Cells starting with = + - @ would run as formulas in a spreadsheet: they
 * are written as text. A client that goes away stops the read; a failed read cuts the file short
 * (the status line is out already) rather than completing it wrongly.
 */
export async function writeCsv(
  out: Writable & { destroyed: boolean },
  header: readonly string[],
  pages: AsyncIterable<CsvCell[][]>,
): Promise<void> {
  const csv = stringify({ header: true, columns: [...header], escape_formulas: true });
  csv.pipe(out);
  try {
    for await (const rows of pages) {
      if (out.destroyed) return;
      for (const row of rows) if (!csv.write(row)) await once(csv, 'drain');
    }
    csv.end();
  } catch (e) {
    out.destroy(e as Error);
  }
}
