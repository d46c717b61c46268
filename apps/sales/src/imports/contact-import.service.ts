import { randomUUID } from 'node:crypto';
import { changesOf, ContactAdded, ContactUpdatedV2, type FieldChange } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { isUuid } from '@crm/graphql';
import type { ColumnMapping, CsvRow, ImportJobRow, MappingRules, PendingRow, RowCheck, RowResult } from '@crm/subgraph';
import { Injectable } from '@nestjs/common';
import type { ContactEmailEntity, ContactPhoneEntity } from '../customers/contact-point.entity';
import type { ContactEntity } from '../customers/contact.entity';
import { AddContactInput } from '../customers/contact.input';
import { rowInput } from './import-row';
import { SalesImporter } from './sales-importer';

/** Where each target goes in AddContactInput, whose rules check a row as they check addContact. */
const PATHS: Readonly<Record<string, string>> = {
  FIRST_NAME: 'firstName',
  LAST_NAME: 'lastName',
  EMAIL: 'email',
  PHONE: 'phone',
  TITLE: 'title',
  ROLE: 'role',
};

const CONSENT_REFUSAL = "an import never records or changes consent: it is marketing's, given by the people themselves";

/** What a contact import's mapping may fill: a contact's attributes and its customer (a domain or id); the email matches. */
export const CONTACT_MAPPING_RULES: MappingRules = {
  targets: [...Object.keys(PATHS), 'CUSTOMER'],
  required: ['EMAIL', 'FIRST_NAME', 'LAST_NAME', 'CUSTOMER'],
  refused: { CONSENT: CONSENT_REFUSAL, UNSUBSCRIBED: CONSENT_REFUSAL },
};

type ContactValues = Pick<ContactEntity, 'customerId' | 'firstName' | 'lastName'> &
  Partial<Pick<ContactEntity, 'title' | 'role' | 'phone'>> & { email: string };

/** The contact attributes an update compares (the customer is not one: a known email stays with its account). */
const COMPARED = ['firstName', 'lastName', 'title', 'role'] as const;

const emailsOut = (rows: readonly ContactEmailEntity[]) => rows.map((e) => ({ address: e.address, type: e.type, primary: e.isPrimary }));
const phonesOut = (rows: readonly ContactPhoneEntity[]) => rows.map((p) => ({ number: p.number, type: p.type, primary: p.isPrimary }));

/**
 * Contact CSV imports (CsvImports runs the job). Rows are checked by addContact's rules (the column
 * named in a reason), each row's customer found by its domain or id. Rows match contacts by any of
 * their email addresses: new ones are added, existing ones updated (names, title, role, a phone
 * they lack) or skipped as the upload chose; a row that would change nothing is skipped, so the
 * same file imported again changes nothing. Consent and unsubscribes are marketing's: no mapping
 * may name them, and nothing here writes them.
 */
@Injectable()
export class ContactImportService extends SalesImporter<ContactValues> {
  readonly noun = 'contact';
  readonly path = '/imports/contacts';
  readonly tables = { job: 'contact_import', rows: 'contact_import_row', key: 'key', record: 'record_id' };
  readonly rules = CONTACT_MAPPING_RULES;
  readonly keyName = 'email';

  async check(tx: Transaction, rows: readonly CsvRow[], mapping: ColumnMapping): Promise<RowCheck<ContactValues>[]> {
    const customerColumn = Object.keys(mapping).find((c) => mapping[c] === 'CUSTOMER')!;
    const refs = rows.map((r) => r.cells[customerColumn]?.toLowerCase()).filter((c): c is string => c !== undefined);
    const customers = await this.records.customerIds(
      tx,
      refs.filter((r) => isUuid(r)),
      refs.filter((r) => !isUuid(r)),
    );
    const ids = new Set(customers.map((c) => c.id));
    const byDomain = new Map<string, string[]>();
    for (const c of customers) if (c.domain) byDomain.set(c.domain, [...(byDomain.get(c.domain) ?? []), c.id]);
    return Promise.all(
      rows.map(async (row): Promise<RowCheck<ContactValues>> => {
        const ref = row.cells[customerColumn]?.toLowerCase();
        if (ref === undefined) return { reason: `${customerColumn} is empty: a contact belongs to a customer (its domain or id)` };
        const matches = isUuid(ref) ? (ids.has(ref) ? [ref] : []) : (byDomain.get(ref) ?? []);
        if (matches.length !== 1) {
          return {
            reason: matches.length
              ? `${customerColumn}: ${matches.length} customers have the domain ${ref}: give the customer's id`
              : `${customerColumn} names no customer: none has the ${isUuid(ref) ? 'id' : 'domain'} ${ref}`,
          };
        }
        const checked = await rowInput(AddContactInput, mapping, row.cells, PATHS, new Set(), { customerId: matches[0] });
        if ('reason' in checked) return checked;
        const { email, ...input } = checked.input;
        if (!email)
          return { reason: `${Object.keys(mapping).find((c) => mapping[c] === 'EMAIL')!} is empty: contacts are matched by their email` };
        return { key: email, values: { ...(input as ContactValues), email } };
      }),
    );
  }

  async apply(tx: Transaction, job: ImportJobRow, rows: PendingRow<ContactValues>[]): Promise<RowResult[]> {
    const now = new Date();
    const found = await this.records.contactsByEmail(
      tx,
      rows.map((r) => r.key),
    );
    const matched = [...new Set(found.map((c) => c.id))];
    const [emails, phones] = await Promise.all([this.records.emailsOf(tx, matched), this.records.phonesOf(tx, matched)]);
    const created: { contact: ContactEntity; email: ContactEmailEntity; phone: ContactPhoneEntity | null }[] = [];
    const updated: { before: ContactEntity; patch: Partial<ContactEntity>; changes: FieldChange[]; phones: ContactPhoneEntity[] }[] = [];
    const results = this.outcomes(
      job,
      rows,
      found,
      (c) => c.matched,
      ({ key: email, values }) => {
        const id = randomUUID();
        const contact: ContactEntity = {
          id,
          customerId: values.customerId,
          firstName: values.firstName,
          lastName: values.lastName,
          email,
          phone: values.phone ?? null,
          title: values.title ?? null,
          role: values.role ?? null,
          createdAt: now,
          updatedAt: now,
        };
        const phone = values.phone ? { contactId: id, number: values.phone, type: 'WORK' as const, isPrimary: true, position: 0 } : null;
        created.push({ contact, email: { contactId: id, address: email, type: 'WORK', isPrimary: true, position: 0 }, phone });
        return id;
      },
      ({ values }, existing) => {
        const patch: Partial<ContactEntity> = {};
        for (const field of COMPARED) {
          if (values[field] !== undefined && values[field] !== existing[field]) (patch as Record<string, unknown>)[field] = values[field];
        }
        const changes = changesOf(existing, patch);
        const oldPhones = phones.filter((p) => p.contactId === existing.id);
        let newPhones = oldPhones;
        if (values.phone && !oldPhones.some((p) => p.number === values.phone)) {
          // A number the contact lacks is added; one it has stays as it is (primary or not).
          const added = {
            contactId: existing.id,
            number: values.phone,
            type: 'WORK' as const,
            isPrimary: oldPhones.length === 0,
            position: oldPhones.length,
          };
          newPhones = [...oldPhones, added];
          if (added.isPrimary) patch.phone = added.number;
          changes.push({ field: 'phones', old: phonesOut(oldPhones), new: phonesOut(newPhones) });
        }
        if (!changes.length) return false;
        updated.push({ before: existing, patch, changes, phones: newPhones });
        return true;
      },
    );

    await this.records.insertContacts(
      tx,
      created.map((c) => c.contact),
      created.map((c) => c.email),
      created.flatMap((c) => (c.phone ? [c.phone] : [])),
    );
    for (const u of updated) {
      const added = u.phones.find((p) => !phones.includes(p));
      if (added) await this.records.addPhone(tx, added);
      await this.records.updateContact(tx, u.before.id, { ...u.patch, updatedAt: now });
    }
    await this.events.publishMany(
      tx,
      ContactAdded,
      created.map(({ contact: c }) => ({
        time: now,
        data: {
          contactId: c.id,
          customerId: c.customerId,
          fullName: `${c.firstName} ${c.lastName}`,
          email: c.email,
          createdAt: now.toISOString(),
        },
      })),
    );
    await this.events.publishMany(
      tx,
      ContactUpdatedV2,
      updated.map(({ before, patch, changes, phones: newPhones }) => {
        const after = { ...before, ...patch };
        return {
          time: now,
          data: {
            contactId: after.id,
            customerId: after.customerId,
            changed: changes.map((c) => c.field),
            changes,
            fullName: `${after.firstName} ${after.lastName}`,
            email: after.email,
            emails: emailsOut(emails.filter((e) => e.contactId === after.id)),
            phones: phonesOut(newPhones),
            title: after.title,
            role: after.role,
            updatedBy: job.created_by,
            updatedAt: now.toISOString(),
          },
        };
      }),
    );
    return results;
  }
}
