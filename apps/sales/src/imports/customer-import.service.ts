import { randomUUID } from 'node:crypto';
import { changesOf, CustomerCreated, CustomerUpdatedV2 } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import type { ColumnMapping, CsvRow, ImportJobRow, MappingRules, PendingRow, RowCheck, RowResult } from '@crm/subgraph';
import { Injectable } from '@nestjs/common';
import { EMPTY_ACCOUNT } from '../customers/account-profile';
import type { CustomerEntity } from '../customers/customer.entity';
import { LifecycleStage } from '../customers/customer.enums';
import { CreateCustomerInput } from '../customers/customer.input';
import { customerSnapshot } from '../customers/customer.service';
import { rowInput } from './import-row';
import { ownersOf } from './owner-lookup';
import { SalesImporter } from './sales-importer';

/** Where each target goes in CreateCustomerInput, whose rules check a row as they check the mutation. */
const PATHS: Readonly<Record<string, string>> = {
  NAME: 'name',
  DOMAIN: 'domain',
  INDUSTRY: 'industry',
  TIER: 'tier',
  SIZE: 'size',
  WEBSITE: 'website',
  LIFECYCLE_STAGE: 'lifecycleStage',
  EMPLOYEE_COUNT: 'employeeCount',
  COUNTRY: 'country',
  STREET: 'address.street',
  CITY: 'address.city',
  POSTAL_CODE: 'address.postalCode',
  REGION: 'address.region',
};
const NUMERIC = new Set(['TIER', 'EMPLOYEE_COUNT']);

/** What a customer import's mapping may fill: a customer's attributes and its owner (a user's email or id); the domain matches. */
export const CUSTOMER_MAPPING_RULES: MappingRules = {
  targets: [...Object.keys(PATHS), 'OWNER'],
  required: ['NAME', 'DOMAIN'],
};

/** A row's checked values, as customer columns; only what the row gives. */
type CustomerValues = Partial<
  Pick<
    CustomerEntity,
    | 'name'
    | 'industry'
    | 'tier'
    | 'size'
    | 'website'
    | 'lifecycleStage'
    | 'employeeCount'
    | 'country'
    | 'street'
    | 'city'
    | 'postalCode'
    | 'region'
    | 'ownerId'
  >
> & { domain: string };

/** The customer columns a row may set, in the order an update compares them. */
const FIELDS = [
  'name',
  'industry',
  'tier',
  'size',
  'website',
  'lifecycleStage',
  'employeeCount',
  'country',
  'street',
  'city',
  'postalCode',
  'region',
  'ownerId',
] as const satisfies readonly (keyof CustomerValues)[];

/**
 * Customer CSV imports (CsvImports runs the job: staged all or nothing, applied in resumable
 * batches). Rows are checked by createCustomer's rules (the column named in a reason), the owner
 * looked up by email or id. Rows match customers by domain: new ones are created, existing ones
 * updated or skipped as the upload chose, and one the file would not change is skipped, so the
 * same file imported again changes nothing. Each customer created or updated publishes what the
 * mutations publish (customer.created, customer.updated.v2 with its changes).
 */
@Injectable()
export class CustomerImportService extends SalesImporter<CustomerValues> {
  readonly noun = 'customer';
  readonly path = '/imports/customers';
  readonly tables = { job: 'customer_import', rows: 'customer_import_row', key: 'key', record: 'record_id' };
  readonly rules = CUSTOMER_MAPPING_RULES;
  readonly keyName = 'domain';

  async check(tx: Transaction, rows: readonly CsvRow[], mapping: ColumnMapping): Promise<RowCheck<CustomerValues>[]> {
    const domainColumn = Object.keys(mapping).find((c) => mapping[c] === 'DOMAIN')!;
    const ownerColumn = Object.keys(mapping).find((c) => mapping[c] === 'OWNER');
    const owners = await ownersOf(this.records, tx, ownerColumn, rows);
    return Promise.all(
      rows.map(async (row): Promise<RowCheck<CustomerValues>> => {
        const checked = await rowInput(CreateCustomerInput, mapping, row.cells, PATHS, NUMERIC);
        if ('reason' in checked) return checked;
        const { address, domain, ...input } = checked.input;
        if (!domain) return { reason: `${domainColumn} is empty: customers are matched by their domain` };
        const owner = owners(row);
        if (owner && 'reason' in owner) return owner;
        const values: CustomerValues = {
          ...(input as Partial<CustomerValues>),
          ...address,
          domain,
          ...(owner ? { ownerId: owner.id } : {}),
        };
        return { key: domain, values };
      }),
    );
  }

  async apply(tx: Transaction, job: ImportJobRow, rows: PendingRow<CustomerValues>[]): Promise<RowResult[]> {
    const now = new Date();
    const found = await this.records.customersByDomain(
      tx,
      rows.map((r) => r.key),
    );
    const created: CustomerEntity[] = [];
    const updated: { before: CustomerEntity; patch: Partial<CustomerEntity> }[] = [];
    const results = this.outcomes(
      job,
      rows,
      found,
      (c) => c.domain!,
      ({ values }) => {
        const customer: CustomerEntity = {
          ...EMPTY_ACCOUNT,
          id: randomUUID(),
          name: values.name!,
          kind: 'COMPANY',
          tier: null,
          ownerId: null,
          tags: [],
          industry: null,
          size: null,
          website: null,
          lifecycleStage: LifecycleStage.PROSPECT,
          ...values,
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
        };
        created.push(customer);
        return customer.id;
      },
      ({ values }, existing) => {
        const patch: Partial<CustomerEntity> = {};
        // In a fixed order (the staged values come back from jsonb in its own key order), so events list changes alike.
        for (const field of FIELDS) {
          if (values[field] !== undefined && values[field] !== existing[field]) (patch as Record<string, unknown>)[field] = values[field];
        }
        if (!Object.keys(patch).length) return false;
        updated.push({ before: existing, patch });
        return true;
      },
    );

    await this.records.insertCustomers(tx, created);
    for (const { before, patch } of updated) await this.records.updateCustomer(tx, before.id, { ...patch, updatedAt: now });
    await this.events.publishMany(
      tx,
      CustomerCreated,
      created.map((c) => ({
        time: now,
        data: { customerId: c.id, name: c.name, kind: c.kind, tier: c.tier, customer: customerSnapshot(c), createdAt: now.toISOString() },
      })),
    );
    await this.events.publishMany(
      tx,
      CustomerUpdatedV2,
      updated.map(({ before, patch }) => ({
        time: now,
        data: {
          customerId: before.id,
          changes: changesOf(before, patch),
          customer: customerSnapshot({ ...before, ...patch }),
          updatedBy: job.created_by,
          updatedAt: now.toISOString(),
        },
      })),
    );
    return results;
  }
}
