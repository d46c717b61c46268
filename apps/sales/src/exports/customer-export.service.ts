import type { Identity } from '@crm/auth';
import type { CsvCell } from '@crm/subgraph';
import { Injectable } from '@nestjs/common';
import { CustomerFilter, CustomersArgs, type CustomerSort } from '../customers/customer.input';
import type { CustomerEntity } from '../customers/customer.entity';
import { CustomerService } from '../customers/customer.service';
import { ContactExportRepository, type ContactExportRow } from './contact-export.repository';

/** Rows read per query: one page is all an export holds in memory, whatever its length. */
export const EXPORT_PAGE_SIZE = 100;

/** The columns of an export, in order: a header and how each row fills it. */
export type ExportColumns<R> = readonly { header: string; value: (row: R) => CsvCell }[];

/** The columns of customers.csv. */
export const CUSTOMER_COLUMNS: ExportColumns<CustomerEntity> = [
  { header: 'id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'kind', value: (c) => c.kind },
  { header: 'domain', value: (c) => c.domain },
  { header: 'website', value: (c) => c.website },
  { header: 'industry', value: (c) => c.industry },
  { header: 'size', value: (c) => c.size },
  { header: 'tier', value: (c) => c.tier },
  { header: 'lifecycle_stage', value: (c) => c.lifecycleStage },
  { header: 'annual_revenue', value: (c) => c.annualRevenue },
  { header: 'annual_revenue_currency', value: (c) => c.annualRevenueCurrency },
  { header: 'employee_count', value: (c) => c.employeeCount },
  { header: 'country', value: (c) => c.country },
  { header: 'region', value: (c) => c.region },
  { header: 'city', value: (c) => c.city },
  { header: 'postal_code', value: (c) => c.postalCode },
  { header: 'street', value: (c) => c.street },
  { header: 'tags', value: (c) => c.tags.join(';') },
  { header: 'owner_id', value: (c) => c.ownerId },
  { header: 'parent_id', value: (c) => c.parentId },
  { header: 'created_at', value: (c) => c.createdAt.toISOString() },
  { header: 'updated_at', value: (c) => c.updatedAt.toISOString() },
];

/** The columns of contacts.csv: emails and phones as ';'-separated lists, the primary one also on its own. */
export const CONTACT_COLUMNS: ExportColumns<ContactExportRow> = [
  { header: 'id', value: (c) => c.id },
  { header: 'customer_id', value: (c) => c.customer_id },
  { header: 'customer_name', value: (c) => c.customer_name },
  { header: 'customer_domain', value: (c) => c.customer_domain },
  { header: 'first_name', value: (c) => c.first_name },
  { header: 'last_name', value: (c) => c.last_name },
  { header: 'email', value: (c) => c.email },
  { header: 'emails', value: (c) => c.emails },
  { header: 'phone', value: (c) => c.phone },
  { header: 'phones', value: (c) => c.phones },
  { header: 'title', value: (c) => c.title },
  { header: 'role', value: (c) => c.role },
  { header: 'created_at', value: (c) => c.created_at.toISOString() },
  { header: 'updated_at', value: (c) => c.updated_at.toISOString() },
];

/** Contacts read per query. */
const CONTACT_PAGE_SIZE = 500;

/**
 * Customers and their contacts for an export, page after page through the same keyset list (and
 * the same filter, sort, owner scope and validation) that `customers` serves the graph. Each page
 * is its own read: a customer created while the export runs may or may not be in it, and none
 * appears twice.
 */
@Injectable()
export class CustomerExportService {
  constructor(
    private readonly customers: CustomerService,
    private readonly contacts: ContactExportRepository,
  ) {}

  async *pages(caller: Identity, filter: CustomerFilter | undefined, sort: CustomerSort): AsyncGenerator<CustomerEntity[]> {
    let after: string | undefined;
    for (;;) {
      const args = Object.assign(new CustomersArgs(), { filter, sort, first: EXPORT_PAGE_SIZE, after });
      const page = await this.customers.page(caller, args);
      yield page.edges.map((e) => e.node);
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  }

  /** The contacts of the customers the filter keeps, a customer page at a time (in that page, by customer and contact id). */
  async *contactPages(caller: Identity, filter: CustomerFilter | undefined, sort: CustomerSort): AsyncGenerator<ContactExportRow[]> {
    for await (const customers of this.pages(caller, filter, sort)) {
      if (!customers.length) continue;
      const ids = customers.map((c) => c.id);
      let after: { customerId: string; id: string } | null = null;
      for (;;) {
        const rows = await this.contacts.page(ids, after, CONTACT_PAGE_SIZE);
        if (rows.length) yield rows;
        if (rows.length < CONTACT_PAGE_SIZE) break;
        const last = rows[rows.length - 1]!;
        after = { customerId: last.customer_id, id: last.id };
      }
    }
  }
}
