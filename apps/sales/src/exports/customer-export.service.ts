import type { Identity } from '@crm/auth';
import { Injectable } from '@nestjs/common';
import { CustomerFilter, CustomersArgs, type CustomerSort } from '../customers/customer.input';
import type { CustomerEntity } from '../customers/customer.entity';
import { CustomerService } from '../customers/customer.service';

/** Rows read per query: one page is all an export holds in memory, whatever its length. */
export const EXPORT_PAGE_SIZE = 100;

/** The columns of customers.csv, in order: a header and how each row fills it. */
export const CUSTOMER_COLUMNS: readonly { header: string; value: (c: CustomerEntity) => string | number | null }[] = [
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

/**
 * Customers for an export, page after page through the same keyset list (and the same filter,
 * sort, owner scope and validation) that `customers` serves the graph. Each page is its own
 * read: a customer created while the export runs may or may not be in it, and none appears twice.
 */
@Injectable()
export class CustomerExportService {
  constructor(private readonly customers: CustomerService) {}

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
}
