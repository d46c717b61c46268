import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { changesOf, ContactAdded, ContactDeleted, ContactUpdatedV2 } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid, normaliseContactPoints } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { ContactEmailEntity, ContactPhoneEntity } from './contact-point.entity';
import type { ContactEntity } from './contact.entity';
import {
  ContactPointType,
  type AddContactInput,
  type ContactEmailInput,
  type ContactPhoneInput,
  type UpdateContactInput,
} from './contact.input';
import { ContactRepository, type ContactPatch } from './contact.repository';
import { CustomerRepository } from './customer.repository';

/** Contacts listed on a customer: the newest ones, bounded so a customer with thousands stays cheap. */
export const CONTACTS_PER_CUSTOMER = 100;

type EmailRow = Omit<ContactEmailEntity, 'contactId' | 'contact'>;
type PhoneRow = Omit<ContactPhoneEntity, 'contactId' | 'contact'>;

const emailRows = (list: ContactEmailInput[]): EmailRow[] =>
  normaliseContactPoints('emails', list, (e) => e.address).map(({ value, ...rest }) => ({ address: value, ...rest }));
const phoneRows = (list: ContactPhoneInput[]): PhoneRow[] =>
  normaliseContactPoints('phones', list, (p) => p.number).map(({ value, ...rest }) => ({ number: value, ...rest }));

@Injectable()
export class ContactService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly customers: CustomerRepository,
    private readonly events: EventPublisher,
  ) {}

  add(caller: Identity, input: AddContactInput): Promise<ContactEntity> {
    if (input.email && input.emails?.length) throw new InvalidError('email', 'give either email or emails, not both');
    if (input.phone && input.phones?.length) throw new InvalidError('phone', 'give either phone or phones, not both');
    const emails = emailRows(input.email ? [{ address: input.email, type: ContactPointType.WORK, primary: true }] : (input.emails ?? []));
    const phones = phoneRows(input.phone ? [{ number: input.phone, type: ContactPointType.WORK, primary: true }] : (input.phones ?? []));
    return this.uow.run(caller, async (tx) => {
      if (!(await this.customers.findById(input.customerId, tx))) throw new NotFoundError('Customer', input.customerId);
      const now = new Date();
      const contact: ContactEntity = {
        id: randomUUID(),
        customerId: input.customerId,
        firstName: input.firstName,
        lastName: input.lastName,
        email: emails.find((e) => e.isPrimary)?.address ?? null,
        phone: phones.find((p) => p.isPrimary)?.number ?? null,
        title: input.title ?? null,
        role: input.role ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await this.contacts.insert(tx, contact);
      await this.contacts.replaceEmails(tx, contact.id, emails);
      await this.contacts.replacePhones(tx, contact.id, phones);
      await this.events.publish(tx, ContactAdded, {
        contactId: contact.id,
        customerId: contact.customerId,
        fullName: `${contact.firstName} ${contact.lastName}`,
        email: contact.email,
        createdAt: contact.createdAt.toISOString(),
      });
      return contact;
    });
  }

  update(caller: Identity, input: UpdateContactInput): Promise<ContactEntity> {
    const emails = input.emails === undefined ? undefined : emailRows(input.emails ?? []);
    const phones = input.phones === undefined ? undefined : phoneRows(input.phones ?? []);
    return this.uow.run(caller, async (tx) => {
      const existing = await this.contacts.findByIdForUpdate(tx, input.id);
      if (!existing || !(await this.customers.findById(existing.customerId, tx))) throw new NotFoundError('Contact', input.id);
      const patch: ContactPatch = {};
      if (input.firstName != null && input.firstName !== existing.firstName) patch.firstName = input.firstName;
      if (input.lastName != null && input.lastName !== existing.lastName) patch.lastName = input.lastName;
      if (input.title !== undefined && input.title !== existing.title) patch.title = input.title;
      if (input.role !== undefined && input.role !== existing.role) patch.role = input.role;
      const changes = changesOf(existing, patch);
      const [oldEmails, oldPhones] = await Promise.all([
        this.contacts.emailsOf([existing.id], tx),
        this.contacts.phonesOf([existing.id], tx),
      ]);
      const emailKey = (rows: EmailRow[]) => JSON.stringify(rows.map((r) => [r.address, r.type, r.isPrimary]));
      const phoneKey = (rows: PhoneRow[]) => JSON.stringify(rows.map((r) => [r.number, r.type, r.isPrimary]));
      const emailsOut = (rows: EmailRow[]) => rows.map((e) => ({ address: e.address, type: e.type, primary: e.isPrimary }));
      const phonesOut = (rows: PhoneRow[]) => rows.map((p) => ({ number: p.number, type: p.type, primary: p.isPrimary }));
      if (emails && emailKey(emails) !== emailKey(oldEmails)) {
        await this.contacts.replaceEmails(tx, existing.id, emails);
        patch.email = emails.find((e) => e.isPrimary)?.address ?? null;
        changes.push({ field: 'emails', old: emailsOut(oldEmails), new: emailsOut(emails) });
      }
      if (phones && phoneKey(phones) !== phoneKey(oldPhones)) {
        await this.contacts.replacePhones(tx, existing.id, phones);
        patch.phone = phones.find((p) => p.isPrimary)?.number ?? null;
        changes.push({ field: 'phones', old: phonesOut(oldPhones), new: phonesOut(phones) });
      }
      if (changes.length === 0) return existing;
      const updatedAt = new Date();
      await this.contacts.update(tx, existing.id, { ...patch, updatedAt });
      const updated: ContactEntity = { ...existing, ...patch, updatedAt };
      await this.events.publish(tx, ContactUpdatedV2, {
        contactId: updated.id,
        customerId: updated.customerId,
        changed: changes.map((c) => c.field),
        changes,
        fullName: `${updated.firstName} ${updated.lastName}`,
        email: updated.email,
        emails: emailsOut(emails ?? oldEmails),
        phones: phonesOut(phones ?? oldPhones),
        title: updated.title,
        role: updated.role,
        updatedBy: caller.userId,
        updatedAt: updatedAt.toISOString(),
      });
      return updated;
    });
  }

  delete(caller: Identity, id: string): Promise<ContactEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.contacts.findByIdForUpdate(tx, id);
      if (!existing || !(await this.customers.findById(existing.customerId, tx))) throw new NotFoundError('Contact', id);
      await this.contacts.delete(tx, id);
      await this.events.publish(tx, ContactDeleted, {
        contactId: id,
        customerId: existing.customerId,
        deletedAt: new Date().toISOString(),
      });
      return existing;
    });
  }

  /** A contact, or null when there is none or its customer is deleted. */
  async findById(id: string, tx?: Transaction): Promise<ContactEntity | null> {
    const contact = await this.contacts.findById(id, tx);
    return contact && (await this.customers.findById(contact.customerId, tx)) ? contact : null;
  }

  /** Contacts in the order asked (`_entities` batches them), null for none or a deleted customer's, as findById answers. */
  async findByIds(ids: readonly string[]): Promise<(ContactEntity | null)[]> {
    const found = await this.contacts.findByIds(ids.filter(isUuid));
    const live = new Set((await this.customers.findByIds([...new Set(found.map((c) => c.customerId))])).map((c) => c.id));
    const byId = new Map(found.filter((c) => live.has(c.customerId)).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async byCustomerIds(customerIds: readonly string[]): Promise<ContactEntity[][]> {
    const rows = await this.contacts.newestByCustomerIds(customerIds, CONTACTS_PER_CUSTOMER);
    return groupByKeys(customerIds, rows, (c) => c.customerId);
  }

  async emailsByContactIds(contactIds: readonly string[]): Promise<ContactEmailEntity[][]> {
    return groupByKeys(contactIds, await this.contacts.emailsOf(contactIds), (e) => e.contactId);
  }

  async phonesByContactIds(contactIds: readonly string[]): Promise<ContactPhoneEntity[][]> {
    return groupByKeys(contactIds, await this.contacts.phonesOf(contactIds), (p) => p.contactId);
  }
}
