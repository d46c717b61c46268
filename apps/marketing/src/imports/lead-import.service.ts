import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { LeadCaptured, LeadUpdatedV2, type FieldChange } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import {
  CsvImporterBase,
  OnDuplicate,
  RowOutcome,
  SUBGRAPH_CONFIG,
  type ColumnMapping,
  type CsvRow,
  type ImportJobRow,
  type MappingRules,
  type PendingRow,
  type RowCheck,
  type RowResult,
} from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MarketingConfig } from '../config/marketing.config';
import { checkFields, LEAD_ATTRIBUTES, leadNameOf, type FormValues } from '../forms/form-values';
import type { LeadAttribute } from '../forms/web-form.entity';
import { companyDomainOf } from '../leads/company-domain';
import { LeadSource, LeadStatus } from '../leads/lead.enums';
import type { LeadImportsArgs } from './lead-import.input';
import { LEAD_IMPORT_CURSORS, LeadImportRepository, type ExistingLead, type LeadChange, type NewLeadRow } from './lead-import.repository';

/** What a lead import's mapping may fill: a lead's attributes; consent never, whatever the file says. */
export const LEAD_MAPPING_RULES: MappingRules = {
  targets: LEAD_ATTRIBUTES,
  required: ['EMAIL'],
  refused: {
    CONSENT: 'an import never records or changes consent; people give it themselves',
    UNSUBSCRIBED: 'an import never records or changes consent; people give it themselves',
  },
};

/** The lead attributes an update compares, each with the field name the lead.updated.v2 event gives it. */
const COMPARED: readonly [Exclude<keyof LeadChange & keyof ExistingLead, 'id'>, string][] = [
  ['name', 'name'],
  ['company', 'company'],
  ['title', 'title'],
  ['country', 'country'],
  ['industry', 'industry'],
  ['employee_count', 'employeeCount'],
];

/** A row's values as lead columns (null: the row does not give it). */
function columnsOf(v: FormValues): Omit<LeadChange, 'id'> {
  const named = v.NAME !== undefined || v.FIRST_NAME !== undefined || v.LAST_NAME !== undefined;
  return {
    name: named ? leadNameOf(v, v.EMAIL!) : null,
    company: v.COMPANY ?? null,
    title: v.TITLE ?? null,
    country: v.COUNTRY ?? null,
    industry: v.INDUSTRY ?? null,
    employee_count: v.EMPLOYEE_COUNT === undefined ? null : Number(v.EMPLOYEE_COUNT),
  };
}

/**
 * Lead CSV imports (CsvImports runs the job: staged all or nothing, applied in resumable batches).
 * Each row is checked as a web form's fields are (the column named in its reason). Rows match leads
 * by email: new ones are created, existing ones updated or skipped as the upload chose, and one the
 * file would not change is skipped, so the same file imported again changes nothing. Consent is no
 * lead attribute: no import touches it.
 */
@Injectable()
export class LeadImportService extends CsvImporterBase<FormValues> {
  readonly noun = 'lead';
  readonly path = '/imports/leads';
  readonly tables = { job: 'lead_import', rows: 'lead_import_row', key: 'email', record: 'lead_id' };
  readonly rules = LEAD_MAPPING_RULES;
  readonly keyName = 'email';

  constructor(
    uow: UnitOfWork,
    db: DataSource,
    private readonly leads: LeadImportRepository,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) config: MarketingConfig,
  ) {
    super(uow, db, { maxBytes: config.LEAD_IMPORT_MAX_BYTES, batchSize: config.LEAD_IMPORT_BATCH_SIZE });
  }

  check(_tx: Transaction, rows: readonly CsvRow[], mapping: ColumnMapping): Promise<RowCheck<FormValues>[]> {
    const fieldMap = Object.entries(mapping).map(([field, attribute]) => ({
      field,
      attribute: attribute as LeadAttribute,
      required: false,
    }));
    return Promise.resolve(
      rows.map((row) => {
        const { values, errors } = checkFields(fieldMap, row.cells);
        return errors.length ? { reason: errors.map((e) => e.message).join('; ') } : { key: values.EMAIL!, values };
      }),
    );
  }

  /** An import by id: the job GET /imports/leads/<id> answers. */
  find(id: string): Promise<ImportJobRow | null> {
    return this.imports.find(id);
  }

  /** The caller's own imports, newest first; a caller without a user id (the system) has none. */
  pageOf(caller: Identity, args: LeadImportsArgs): Promise<ConnectionShape<ImportJobRow>> {
    const userId = caller.userId;
    return LEAD_IMPORT_CURSORS.page({ first: args.first, after: args.after, sort: 'CREATED_AT_DESC' }, ({ after, limit }) =>
      userId ? this.imports.pageBy(userId, after, limit) : Promise.resolve([]),
    );
  }

  /** Applies one batch of the oldest import with rows left; false when there is none. */
  applyNextBatch(): Promise<boolean> {
    return this.imports.applyNextBatch();
  }

  async apply(tx: Transaction, job: ImportJobRow, rows: PendingRow<FormValues>[]): Promise<RowResult[]> {
    const now = new Date();
    const existing = new Map(
      (
        await this.leads.leadsByEmail(
          tx,
          rows.map((r) => r.key),
        )
      ).map((l) => [l.email, l]),
    );
    const phones = await this.leads.phonesOf(
      tx,
      [...existing.values()].map((l) => l.id),
    );
    const outcomes: RowResult[] = [];
    const creates: (NewLeadRow & { line: number; phone: string | null })[] = [];
    const updates: { line: number; lead: ExistingLead; change: LeadChange; changes: FieldChange[]; phone: string | null }[] = [];
    const skip = (line: number, reason: string, leadId: string | null) =>
      outcomes.push({ line, outcome: RowOutcome.SKIPPED, reason, recordId: leadId });
    for (const { line, key: email, values } of rows) {
      const cols = columnsOf(values);
      const phone = values.PHONE ?? null;
      const lead = existing.get(email);
      if (!lead) {
        creates.push({
          ...cols,
          line,
          phone,
          id: randomUUID(),
          email,
          name: cols.name ?? leadNameOf(values, email),
          company_domain: companyDomainOf(email),
        });
        continue;
      }
      if (job.on_duplicate === OnDuplicate.SKIP) {
        skip(line, 'a lead with this email exists', lead.id);
        continue;
      }
      if (lead.status === LeadStatus.CONVERTED) {
        skip(line, 'the lead with this email is converted: its person is a contact in sales now', lead.id);
        continue;
      }
      const changes: FieldChange[] = COMPARED.filter(([column]) => cols[column] !== null && cols[column] !== lead[column]).map(
        ([column, field]) => ({ field, old: lead[column], new: cols[column] }),
      );
      const had = phones.get(lead.id) ?? [];
      const newPhone = phone !== null && !had.some((p) => p.value === phone) ? phone : null;
      // Added as addPhones adds it: a WORK number, primary when the lead has none.
      if (newPhone)
        changes.push({ field: 'phones', old: had, new: [...had, { value: newPhone, type: 'WORK', primary: !had.some((p) => p.primary) }] });
      if (!changes.length) {
        skip(line, 'the lead already holds these values', lead.id);
        continue;
      }
      updates.push({ line, lead, change: { id: lead.id, ...cols }, changes, phone: newPhone });
    }

    const inserted = await this.leads.insertLeads(tx, creates, now);
    const created = creates.filter((c) => inserted.has(c.id));
    for (const c of creates) {
      if (inserted.has(c.id)) continue;
      // A form post took the address between the lookup and the insert: importing again updates it.
      skip(c.line, 'a lead with this email was created while importing; import the file again to update it', null);
    }
    await this.leads.updateLeads(
      tx,
      updates.map((u) => u.change),
      now,
    );
    await this.leads.addPhones(tx, [
      ...created.filter((c) => c.phone).map((c) => ({ lead_id: c.id, number: c.phone! })),
      ...updates.filter((u) => u.phone).map((u) => ({ lead_id: u.lead.id, number: u.phone! })),
    ]);
    for (const c of created) outcomes.push({ line: c.line, outcome: RowOutcome.CREATED, reason: null, recordId: c.id });
    for (const u of updates) outcomes.push({ line: u.line, outcome: RowOutcome.UPDATED, reason: null, recordId: u.lead.id });

    await this.events.publishMany(
      tx,
      LeadCaptured,
      created.map((c) => ({
        time: now,
        data: {
          leadId: c.id,
          customerId: null,
          email: c.email,
          name: c.name,
          company: c.company,
          source: LeadSource.IMPORT,
          status: LeadStatus.NEW,
          isNew: true,
          capturedAt: now.toISOString(),
        },
      })),
    );
    await this.events.publishMany(
      tx,
      LeadUpdatedV2,
      updates.map((u) => ({
        time: now,
        data: {
          leadId: u.lead.id,
          customerId: u.lead.customer_id,
          email: u.lead.email,
          changed: u.changes.map((c) => c.field),
          changes: u.changes,
          ownerId: u.lead.owner_id,
          updatedBy: job.created_by,
          updatedAt: now.toISOString(),
        },
      })),
    );
    return outcomes;
  }
}
