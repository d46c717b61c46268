import { randomUUID } from 'node:crypto';
import { changesOf, CustomerCreated, CustomerUpdatedV2 } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import {
  CsvImports,
  OnDuplicate,
  RowOutcome,
  SUBGRAPH_CONFIG,
  type ColumnMapping,
  type CsvImporter,
  type CsvRow,
  type ImportJobRow,
  type MappingRules,
  type PendingRow,
  type RowCheck,
  type RowResult,
} from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SalesConfig } from '../config/sales.config';
import { EMPTY_ACCOUNT } from '../customers/account-profile';
import type { CustomerEntity } from '../customers/customer.entity';
import { LifecycleStage } from '../customers/customer.enums';
import { CreateCustomerInput } from '../customers/customer.input';
import { customerSnapshot } from '../customers/customer.service';
import { ImportRecordsRepository } from './import-records.repository';
import { ownersOf } from './owner-lookup';
import { rowInput } from './import-row';

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
export class CustomerImportService implements CsvImporter<CustomerValues> {
  readonly noun = 'customer';
  readonly path = '/imports/customers';
  readonly tables = { job: 'customer_import', rows: 'customer_import_row', key: 'key', record: 'record_id' };
  readonly rules = CUSTOMER_MAPPING_RULES;
  readonly keyName = 'domain';
  readonly maxBytes: number;
  readonly batchSize: number;
  readonly imports: CsvImports<CustomerValues>;

  constructor(
    uow: UnitOfWork,
    db: DataSource,
    private readonly records: ImportRecordsRepository,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) config: SalesConfig,
  ) {
    this.maxBytes = config.IMPORT_MAX_BYTES;
    this.batchSize = config.IMPORT_BATCH_SIZE;
    this.imports = new CsvImports(uow, db, this);
  }

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
    const byDomain = new Map<string, CustomerEntity[]>();
    for (const c of await this.records.customersByDomain(
      tx,
      rows.map((r) => r.key),
    ))
      byDomain.set(c.domain!, [...(byDomain.get(c.domain!) ?? []), c]);
    const results: RowResult[] = [];
    const created: CustomerEntity[] = [];
    const updated: { before: CustomerEntity; patch: Partial<CustomerEntity> }[] = [];
    for (const { line, key: domain, values } of rows) {
      const matches = byDomain.get(domain) ?? [];
      const existing = matches[0];
      if (!existing) {
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
        results.push({ line, outcome: RowOutcome.CREATED, reason: null, recordId: customer.id });
        continue;
      }
      if (matches.length > 1) {
        const reason = `${matches.length} customers have the domain ${domain}: merge them, then import the row again`;
        results.push({ line, outcome: RowOutcome.FAILED, reason, recordId: null });
        continue;
      }
      if (job.on_duplicate === OnDuplicate.SKIP) {
        results.push({ line, outcome: RowOutcome.SKIPPED, reason: 'a customer with this domain exists', recordId: existing.id });
        continue;
      }
      const patch: Partial<CustomerEntity> = {};
      // In a fixed order (the staged values come back from jsonb in its own key order), so events list changes alike.
      for (const field of FIELDS) {
        if (values[field] !== undefined && values[field] !== existing[field]) (patch as Record<string, unknown>)[field] = values[field];
      }
      if (!Object.keys(patch).length) {
        results.push({ line, outcome: RowOutcome.SKIPPED, reason: 'the customer already holds these values', recordId: existing.id });
        continue;
      }
      updated.push({ before: existing, patch });
      results.push({ line, outcome: RowOutcome.UPDATED, reason: null, recordId: existing.id });
    }

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
