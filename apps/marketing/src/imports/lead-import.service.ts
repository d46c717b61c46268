import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import { LeadCaptured, LeadUpdatedV2, type FieldChange } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import { SUBGRAPH_CONFIG, readCsvRows, type ColumnMapping, type CsvRow, type MappingRules } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { MarketingConfig } from '../config/marketing.config';
import { checkFields, LEAD_ATTRIBUTES, leadNameOf, type FormValues } from '../forms/form-values';
import type { LeadAttribute } from '../forms/web-form.entity';
import { companyDomainOf } from '../leads/company-domain';
import { LeadSource, LeadStatus } from '../leads/lead.enums';
import type { LeadImportsArgs } from './lead-import.input';
import {
  ImportStatus,
  LEAD_IMPORT_CURSORS,
  LeadImportRepository,
  OnDuplicate,
  RowOutcome,
  type ExistingLead,
  type LeadChange,
  type LeadImportRow,
  type NewLeadRow,
  type Outcome,
  type StagedRow,
  type Tally,
} from './lead-import.repository';

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
 * Lead CSV imports. The upload is checked and staged in one transaction (all or nothing): each row
 * checked as a web form's fields are (the column named in its reason), a repeated email in the file
 * settled as skipped. The rows are then applied in batches, each batch one transaction that writes
 * the leads, their events and the rows' outcomes together, so an import stopped anywhere resumes at
 * the next pending row and never applies one twice. Rows match leads by email: new ones are created,
 * existing ones updated or skipped as the upload chose, and one the file would not change is skipped,
 * so the same file imported again changes nothing. Consent is no lead attribute: no import touches it.
 */
@Injectable()
export class LeadImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly imports: LeadImportRepository,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) private readonly config: MarketingConfig,
  ) {}

  get limitBytes(): number {
    return this.config.LEAD_IMPORT_MAX_BYTES;
  }

  /** Reads, checks and stages an upload; a CsvUploadError (mapping, size, malformed file) writes nothing. */
  stage(caller: Identity, body: Readable, mapping: ColumnMapping, onDuplicate: OnDuplicate): Promise<LeadImportRow> {
    const fieldMap = Object.entries(mapping).map(([field, attribute]) => ({
      field,
      attribute: attribute as LeadAttribute,
      required: false,
    }));
    return this.uow.run(caller, async (tx) => {
      const id = randomUUID();
      await this.imports.insert(tx, { id, on_duplicate: onDuplicate, mapping, created_by: caller.userId, created_at: new Date() });
      const firstLine = new Map<string, number>();
      const settled: Tally = { created: 0, updated: 0, skipped: 0, failed: 0 };
      let total = 0;
      let header: string[] = [];
      for await (const batch of readCsvRows(body, {
        mapping,
        limitBytes: this.config.LEAD_IMPORT_MAX_BYTES,
        batchSize: this.config.LEAD_IMPORT_BATCH_SIZE,
        onHeader: (h) => void (header = h),
      })) {
        const staged = batch.map((row) => this.check(row, fieldMap, firstLine));
        settled.failed += staged.filter((s) => s.outcome === RowOutcome.FAILED).length;
        settled.skipped += staged.filter((s) => s.outcome === RowOutcome.SKIPPED).length;
        total += staged.length;
        await this.imports.stage(tx, id, staged);
      }
      return this.imports.staged(tx, id, header, total, settled);
    });
  }

  private check(row: CsvRow, fieldMap: Parameters<typeof checkFields>[0], firstLine: Map<string, number>): StagedRow {
    const { values, errors } = checkFields(fieldMap, row.cells);
    // What the file itself got wrong (a NUL byte, text that is not UTF-8, shifted cells) comes first.
    const reason = row.problem ?? (errors.length ? errors.map((e) => e.message).join('; ') : null);
    if (reason) return { line: row.line, email: null, values: null, raw: row.raw, outcome: RowOutcome.FAILED, reason };
    const email = values.EMAIL!;
    const earlier = firstLine.get(email);
    if (earlier !== undefined) {
      return {
        line: row.line,
        email,
        values: null,
        raw: null,
        outcome: RowOutcome.SKIPPED,
        reason: `the same email is on line ${earlier}`,
      };
    }
    firstLine.set(email, row.line);
    return { line: row.line, email, values, raw: null, outcome: RowOutcome.PENDING, reason: null };
  }

  find(id: string): Promise<LeadImportRow | null> {
    return this.imports.find(id);
  }

  /** The caller's own imports, newest first; a caller without a user id (the system) has none. */
  pageOf(caller: Identity, args: LeadImportsArgs): Promise<ConnectionShape<LeadImportRow>> {
    const userId = caller.userId;
    return LEAD_IMPORT_CURSORS.page({ first: args.first, after: args.after, sort: 'CREATED_AT_DESC' }, ({ after, limit }) =>
      userId ? this.imports.pageBy(userId, after, limit) : Promise.resolve([]),
    );
  }

  /** The failed rows with their reasons, page by page, for the report. */
  async *failedRows(id: string): AsyncGenerator<{ line: number; reason: string; raw: string[] | null }[]> {
    let after = 0;
    for (;;) {
      const rows = await this.imports.reportRows(id, after, 500);
      if (!rows.length) return;
      yield rows;
      after = rows[rows.length - 1]!.line;
    }
  }

  /** Applies one batch of the oldest import with rows left; false when there is none. */
  applyNextBatch(): Promise<boolean> {
    return this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      const job = await this.imports.lockNextRunning(tx);
      if (!job) return false;
      const rows = await this.imports.pending(tx, job.id, this.config.LEAD_IMPORT_BATCH_SIZE);
      await this.apply(tx, job, rows as { line: number; email: string; values: FormValues }[]);
      return true;
    });
  }

  private async apply(tx: Transaction, job: LeadImportRow, rows: { line: number; email: string; values: FormValues }[]): Promise<void> {
    const now = new Date();
    const existing = new Map(
      (
        await this.imports.leadsByEmail(
          tx,
          rows.map((r) => r.email),
        )
      ).map((l) => [l.email, l]),
    );
    const phones = await this.imports.phonesOf(
      tx,
      [...existing.values()].map((l) => l.id),
    );
    const tally: Tally = { created: 0, updated: 0, skipped: 0, failed: 0 };
    const outcomes: Outcome[] = [];
    const creates: (NewLeadRow & { line: number; phone: string | null })[] = [];
    const updates: { line: number; lead: ExistingLead; change: LeadChange; changes: FieldChange[]; phone: string | null }[] = [];
    const skip = (line: number, reason: string, leadId: string | null) => {
      tally.skipped++;
      outcomes.push({ line, outcome: RowOutcome.SKIPPED, reason, lead_id: leadId });
    };
    for (const { line, email, values } of rows) {
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

    const inserted = await this.imports.insertLeads(tx, creates, now);
    const created = creates.filter((c) => inserted.has(c.id));
    for (const c of creates) {
      if (inserted.has(c.id)) continue;
      // A form post took the address between the lookup and the insert: importing again updates it.
      skip(c.line, 'a lead with this email was created while importing; import the file again to update it', null);
    }
    await this.imports.updateLeads(
      tx,
      updates.map((u) => u.change),
      now,
    );
    await this.imports.addPhones(tx, [
      ...created.filter((c) => c.phone).map((c) => ({ lead_id: c.id, number: c.phone! })),
      ...updates.filter((u) => u.phone).map((u) => ({ lead_id: u.lead.id, number: u.phone! })),
    ]);
    for (const c of created) outcomes.push({ line: c.line, outcome: RowOutcome.CREATED, reason: null, lead_id: c.id });
    for (const u of updates) outcomes.push({ line: u.line, outcome: RowOutcome.UPDATED, reason: null, lead_id: u.lead.id });
    tally.created = created.length;
    tally.updated = updates.length;

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
    await this.imports.settle(tx, job.id, outcomes, tally, now);
  }

  /** The status an import is in, as the HTTP answer shows it. */
  static view(job: LeadImportRow) {
    return {
      id: job.id,
      status: job.status,
      onDuplicate: job.on_duplicate,
      rows: {
        total: job.rows_total,
        done: job.rows_done,
        created: job.created,
        updated: job.updated,
        skipped: job.skipped,
        failed: job.failed,
      },
      createdAt: job.created_at.toISOString(),
      finishedAt: job.finished_at?.toISOString() ?? null,
      failedRowsUrl: `/imports/leads/${job.id}/failed-rows.csv`,
      done: job.status === ImportStatus.COMPLETED,
    };
  }
}
