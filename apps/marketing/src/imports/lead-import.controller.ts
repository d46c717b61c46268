import { ACCESS_MATRIX, identityOf, type Identity } from '@crm/auth';
import { sendGraphQLError } from '@crm/observability';
import { CsvUploadError, parseColumnMapping, writeCsv, type CsvCell } from '@crm/subgraph';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { LeadImportJob } from './lead-import.job';
import { OnDuplicate } from './lead-import.repository';
import { LEAD_MAPPING_RULES, LeadImportService } from './lead-import.service';

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

/**
 * Lead CSV imports over plain HTTP, reached through the gateway with the caller's token:
 * - POST /imports/leads?mapping=<JSON {"<column>": "<LeadAttribute>"}>&onDuplicate=UPDATE|SKIP, the file as the body
 *   (text/csv): 202 with the import and where to follow it; its rows are applied after the answer.
 * - GET /imports/leads/<id>: its progress (rows done, created, updated, skipped, failed).
 * - GET /imports/leads/<id>/failed-rows.csv: each failed row's line, reason and cells.
 * A refusal is JSON with a status and the part at fault (a mapping's column, the body), and writes nothing.
 */
@Controller('imports/leads')
export class LeadImportController {
  constructor(
    private readonly imports: LeadImportService,
    private readonly job: LeadImportJob,
  ) {}

  @Post()
  async upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    const caller = this.allowed(req, res, 'write');
    if (!caller) return;
    try {
      if (!req.is(CSV_TYPES)) throw new CsvUploadError(415, 'content-type', 'Send the file as text/csv');
      const limit = this.imports.limitBytes;
      if (Number(req.headers['content-length'] ?? 0) > limit)
        throw new CsvUploadError(413, 'body', `The upload is over the limit of ${limit} bytes`);
      const mapping = parseColumnMapping(single(req, 'mapping'), LEAD_MAPPING_RULES);
      const job = await this.imports.stage(caller, req, mapping, onDuplicateOf(req));
      this.job.kick();
      res.status(202).location(`/imports/leads/${job.id}`).json(LeadImportService.view(job));
    } catch (e) {
      if (!(e instanceof CsvUploadError)) throw e;
      sendGraphQLError(req, res, e.status, 'BAD_USER_INPUT', e.message, e.field);
      // What is left of a refused upload is read and dropped, so the client gets its answer on a
      // healthy connection (the gateway in front bounds how much that can be).
      if (!req.complete) req.resume();
    }
  }

  @Get(':id')
  async progress(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.allowed(req, res, 'read')) return;
    const job = isUUID(id) ? await this.imports.find(id) : null;
    if (!job) return sendGraphQLError(req, res, 404, 'NOT_FOUND', 'There is no lead import with this id', 'id');
    res.setHeader('cache-control', 'no-store');
    res.json(LeadImportService.view(job));
  }

  @Get(':id/failed-rows.csv')
  async failedRows(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.allowed(req, res, 'read')) return;
    const job = isUUID(id) ? await this.imports.find(id) : null;
    if (!job) return sendGraphQLError(req, res, 404, 'NOT_FOUND', 'There is no lead import with this id', 'id');
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="lead-import-${job.id}-failed-rows.csv"`);
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

  /** The caller, when its token may read or write marketing's leads; otherwise the 401 or 403 is answered and null. */
  private allowed(req: Request, res: Response, access: 'read' | 'write'): Identity | null {
    const caller = identityOf(req);
    if (caller.roles.length === 0) {
      sendGraphQLError(req, res, 401, 'UNAUTHENTICATED', 'A valid token is required');
      return null;
    }
    if (!caller.roles.some((r) => ACCESS_MATRIX.marketing[access].includes(r))) {
      sendGraphQLError(req, res, 403, 'FORBIDDEN', `This token may not ${access === 'write' ? 'import' : 'read imports of'} leads`);
      return null;
    }
    return caller;
  }
}
