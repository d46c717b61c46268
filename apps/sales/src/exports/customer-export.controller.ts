import { ACCESS_MATRIX, identityOf, type Identity } from '@crm/auth';
import { createValidationPipe } from '@crm/graphql';
import { sendGraphQLError } from '@crm/observability';
import { writeCsv, type CsvCell } from '@crm/subgraph';
import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { CustomerFilter, CustomerSort } from '../customers/customer.input';
import { CONTACT_COLUMNS, CUSTOMER_COLUMNS, CustomerExportService, type ExportColumns } from './customer-export.service';

const validation = createValidationPipe();

/** One query parameter as a single string: a repeated one (`?sort=a&sort=b`) is refused by name. */
function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined || typeof v === 'string') return v;
  throw new GraphQLError(`${name} must be given once, as text`, { extensions: { code: 'BAD_USER_INPUT', field: name } });
}

/** `filter` is the JSON of the graph's CustomerFilter, checked by the same rules as the graph's argument. */
async function exportFilter(req: Request): Promise<CustomerFilter | undefined> {
  const text = single(req, 'filter');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GraphQLError('filter must be the JSON of a CustomerFilter', { extensions: { code: 'BAD_USER_INPUT', field: 'filter' } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new GraphQLError('filter must be a JSON object', { extensions: { code: 'BAD_USER_INPUT', field: 'filter' } });
  return (await validation.transform(value, { type: 'body', metatype: CustomerFilter, data: 'filter' })) as CustomerFilter;
}

function exportSort(req: Request): CustomerSort {
  const text = single(req, 'sort');
  if (text === undefined) return CustomerSort.CREATED_AT_DESC;
  if (!(Object.values(CustomerSort) as string[]).includes(text))
    throw new GraphQLError(`sort must be one of ${Object.values(CustomerSort).join(', ')}`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'sort' },
    });
  return text as CustomerSort;
}

/** The pages with the first one read already: a fault reading it is still an error answer, not a cut file. */
async function* resumed<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * GET /exports/customers.csv?filter=<CustomerFilter JSON>&sort=<CustomerSort>: every customer the
 * caller's list would show, as CSV; GET /exports/contacts.csv with the same parameters: the
 * contacts of those customers. Streamed page by page with backpressure, so memory stays at one
 * page whatever the length. Reached through the gateway with the caller's token (staff roles that
 * read sales). A refusal is JSON with a status and the parameter at fault, before any row is sent.
 */
@Controller('exports')
export class CustomerExportController {
  constructor(private readonly exports: CustomerExportService) {}

  @Get('customers.csv')
  customers(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, 'customers', CUSTOMER_COLUMNS, (caller, filter, sort) => this.exports.pages(caller, filter, sort));
  }

  @Get('contacts.csv')
  contacts(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, 'contacts', CONTACT_COLUMNS, (caller, filter, sort) => this.exports.contactPages(caller, filter, sort));
  }

  private async send<R>(
    req: Request,
    res: Response,
    what: string,
    columns: ExportColumns<R>,
    read: (caller: Identity, filter: CustomerFilter | undefined, sort: CustomerSort) => AsyncGenerator<R[]>,
  ): Promise<void> {
    const caller = identityOf(req);
    if (caller.roles.length === 0) return sendGraphQLError(req, res, 401, 'UNAUTHENTICATED', 'A valid token is required');
    if (!caller.roles.some((r) => ACCESS_MATRIX.sales.read.includes(r)))
      return sendGraphQLError(req, res, 403, 'FORBIDDEN', `This token may not export ${what}`);
    let filter: CustomerFilter | undefined;
    let sort: CustomerSort;
    try {
      filter = await exportFilter(req);
      sort = exportSort(req);
    } catch (e) {
      if (e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT')
        return sendGraphQLError(req, res, 400, 'BAD_USER_INPUT', e.message, e.extensions.field as string | undefined);
      throw e;
    }
    const pages = read(caller, filter, sort);
    // The first page before the status line: a fault reading it is still an error answer, not a cut file.
    const first = await pages.next();
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${what}.csv"`);
    res.setHeader('cache-control', 'no-store');
    async function* lines(): AsyncGenerator<CsvCell[][]> {
      for await (const rows of resumed(first, pages)) yield rows.map((row) => columns.map((c) => c.value(row)));
    }
    await writeCsv(
      res,
      columns.map((c) => c.header),
      lines(),
    );
  }
}
