import { identityOf, type Identity } from '@crm/auth';
import { sendGraphQLError } from '@crm/observability';
import { Controller, Get, Inject, Param, Post, Req, Res, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { writeCsv, type CsvCell } from './csv-download';
import { CsvImports, OnDuplicate } from './csv-import';
import { CsvUploadError, parseColumnMapping } from './csv-upload';

/** What a spreadsheet or a script sends a CSV file as. */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

/** One query parameter as a single string: a repeated one is refused by name. */
function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined || typeof v === 'string') return v;
  throw new CsvUploadError(400, name, `${name} must be given once, as text`);
}

function onDuplicateOf(req: Request): OnDuplicate {
  const v = single(req, 'onDuplicate') ?? OnDuplicate.SKIP;
  if (!(Object.values(OnDuplicate) as string[]).includes(v)) {
    throw new CsvUploadError(400, 'onDuplicate', `onDuplicate must be ${Object.values(OnDuplicate).join(' or ')}`);
  }
  return v as OnDuplicate;
}

/** The roles that may read an import's progress and report, and those that may upload one (a domain's row of ACCESS_MATRIX). */
export interface ImportAccess {
  read: readonly string[];
  write: readonly string[];
}

/**
 * The HTTP side of a CSV import, reached through the gateway with the caller's token
 * (csvImportController routes to it):
 * - POST <path>?mapping=<JSON {"<column>": "<target>"}>&onDuplicate=UPDATE|SKIP, the file as the body
 *   (text/csv): 202 with the import and where to follow it; its rows are applied after the answer.
 * - GET <path>/<id>: its progress (rows done, created, updated, skipped, failed).
 * - GET <path>/<id>/failed-rows.csv: each failed row's line, reason and cells.
 * A refusal is JSON with a status and the part at fault (a mapping's column, the body), and writes nothing.
 */
class CsvImportEndpoints {
  constructor(
    private readonly imports: CsvImports<unknown>,
    private readonly access: ImportAccess,
    /** Starts applying the staged rows without waiting for them. */
    private readonly kick: () => void,
  ) {}

  async upload(req: Request, res: Response): Promise<void> {
    const caller = this.allowed(req, res, 'write');
    if (!caller) return;
    const { importer } = this.imports;
    try {
      if (!req.is(CSV_TYPES)) throw new CsvUploadError(415, 'content-type', 'Send the file as text/csv');
      if (Number(req.headers['content-length'] ?? 0) > importer.maxBytes)
        throw new CsvUploadError(413, 'body', `The upload is over the limit of ${importer.maxBytes} bytes`);
      const mapping = parseColumnMapping(single(req, 'mapping'), importer.rules);
      const job = await this.imports.stage(caller, req, mapping, onDuplicateOf(req));
      this.kick();
      res.status(202).location(`${importer.path}/${job.id}`).json(this.imports.view(job));
    } catch (e) {
      if (!(e instanceof CsvUploadError)) throw e;
      sendGraphQLError(req, res, e.status, 'BAD_USER_INPUT', e.message, e.field);
      // What is left of a refused upload is read and dropped, so the client gets its answer on a
      // healthy connection (the gateway in front bounds how much that can be).
      if (!req.complete) req.resume();
    }
  }

  async progress(id: string, req: Request, res: Response): Promise<void> {
    if (!this.allowed(req, res, 'read')) return;
    const job = isUUID(id) ? await this.imports.find(id) : null;
    if (!job) return this.notFound(req, res);
    res.setHeader('cache-control', 'no-store');
    res.json(this.imports.view(job));
  }

  async failedRows(id: string, req: Request, res: Response): Promise<void> {
    if (!this.allowed(req, res, 'read')) return;
    const job = isUUID(id) ? await this.imports.find(id) : null;
    if (!job) return this.notFound(req, res);
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${this.imports.importer.noun}-import-${job.id}-failed-rows.csv"`);
    res.setHeader('cache-control', 'no-store');
    const pages = this.imports.failedRows(job.id);
    // Each row's cells under the file's own header, as many as the header has.
    const width = job.header.length;
    async function* lines(): AsyncGenerator<CsvCell[][]> {
      for await (const page of pages)
        yield page.map((r) => [r.line, r.reason, ...Array.from({ length: width }, (_, i) => r.raw?.[i] ?? null)]);
    }
    await writeCsv(res, ['line', 'reason', ...job.header], lines());
  }

  private notFound(req: Request, res: Response): void {
    sendGraphQLError(req, res, 404, 'NOT_FOUND', `There is no ${this.imports.importer.noun} import with this id`, 'id');
  }

  /** The caller, when its token may read or write these imports; otherwise the 401 or 403 is answered and null. */
  private allowed(req: Request, res: Response, access: 'read' | 'write'): Identity | null {
    const caller = identityOf(req);
    if (caller.roles.length === 0) {
      sendGraphQLError(req, res, 401, 'UNAUTHENTICATED', 'A valid token is required');
      return null;
    }
    if (!caller.roles.some((r) => this.access[access].includes(r))) {
      const noun = `${this.imports.importer.noun}s`;
      sendGraphQLError(req, res, 403, 'FORBIDDEN', `This token may not ${access === 'write' ? 'import' : 'read imports of'} ${noun}`);
      return null;
    }
    return caller;
  }
}

/** A service that holds an importer's jobs, and the job that applies them. */
export interface HasImports {
  readonly imports: CsvImports<unknown>;
}
export interface ImportKick {
  kick(): void;
}

/**
 * The Nest controller of a CSV import at `path` (e.g. "imports/leads"): its routes as
 * CsvImportEndpoints answers them, for the importer `service` provides and `job` applies.
 */
export function csvImportController(
  name: string,
  path: string,
  service: Type<HasImports>,
  job: Type<ImportKick>,
  access: ImportAccess,
): Type<unknown> {
  @Controller(path)
  class CsvImportController {
    private readonly endpoints: CsvImportEndpoints;

    constructor(@Inject(service) importer: HasImports, @Inject(job) applier: ImportKick) {
      this.endpoints = new CsvImportEndpoints(importer.imports, access, () => applier.kick());
    }

    @Post()
    upload(@Req() req: Request, @Res() res: Response): Promise<void> {
      return this.endpoints.upload(req, res);
    }

    @Get(':id')
    progress(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
      return this.endpoints.progress(id, req, res);
    }

    @Get(':id/failed-rows.csv')
    failedRows(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
      return this.endpoints.failedRows(id, req, res);
    }
  }
  // Nest names a controller by its class in logs and errors: each import's has its own.
  Object.defineProperty(CsvImportController, 'name', { value: name });
  return CsvImportController;
}
