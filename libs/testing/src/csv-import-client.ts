import { parse } from 'csv-parse/sync';
import { ADMIN, testToken, type Caller } from './test-auth';

/** A refusal as the subgraphs' REST routes answer it: GraphQL's error shape, naming the field. */
export interface RestRefusal {
  message: string;
  extensions: { code: string; field?: string };
}

/** What every CSV import answers about itself; an import's own fields come on top. */
export interface CsvImportView {
  id: string;
  status: string;
  rows: { total: number; done: number; created: number; updated: number; skipped: number; failed: number };
  failedRowsUrl: string;
  done: boolean;
}

/**
 * A client of a subgraph's CSV import routes, `POST /imports/<kind>` and `GET /imports/<kind>/<id>`,
 * as a caller reaches them with a token (the admin's unless a test says otherwise). `origin` is read
 * at each call, so a spec may make the client before its subgraph has started.
 */
export function csvImportClient<View extends CsvImportView = CsvImportView>(origin: () => string, kind: string) {
  const get = async (path: string) => fetch(`${origin()}${path}`, { headers: { authorization: `Bearer ${await testToken(ADMIN)}` } });
  return {
    upload: async (csv: string | Uint8Array, query: Record<string, string>, as: Caller = ADMIN, contentType = 'text/csv') =>
      fetch(`${origin()}/imports/${kind}?${new URLSearchParams(query).toString()}`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...(as ? { authorization: `Bearer ${await testToken(as)}` } : {}) },
        body: csv,
      }),
    get,
    progress: async (id: string) => (await (await get(`/imports/${kind}/${id}`)).json()) as View,
    refusal: async (res: Response) => ((await res.json()) as { errors: RestRefusal[] }).errors[0]!,
    /** The import's failed-rows report, by its header: served as CSV (checked here), one record a refused row. */
    failedRows: async (view: Pick<CsvImportView, 'failedRowsUrl'>): Promise<Record<string, string>[]> => {
      const report = await get(view.failedRowsUrl);
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      return parse<Record<string, string>>(await report.text(), { columns: true });
    },
  };
}
