import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ContactEmailEntity, ContactPhoneEntity } from '../customers/contact-point.entity';
import { ContactEntity } from '../customers/contact.entity';
import { CustomerEntity } from '../customers/customer.entity';
import { UserEntity } from '../users/user.entity';

/** The SQL of what customer and contact imports write and look up (CsvImports keeps the jobs). */
@Injectable()
export class ImportRecordsRepository {
  /** The users these ids or emails name (an email may be several users': the import refuses it as unclear). */
  users(tx: Transaction, ids: readonly string[], emails: readonly string[]): Promise<Pick<UserEntity, 'id' | 'email'>[]> {
    if (!ids.length && !emails.length) return Promise.resolve([]);
    return tx.manager.query(`SELECT id, email FROM app_user WHERE id = ANY($1::uuid[]) OR email = ANY($2::text[])`, [ids, emails]);
  }

  /** The customers (not deleted) with these domains, locked until the batch commits. */
  customersByDomain(tx: Transaction, domains: readonly string[]): Promise<CustomerEntity[]> {
    return tx.manager.getRepository(CustomerEntity).find({ where: { domain: In(domains) }, lock: { mode: 'pessimistic_write' } });
  }

  /** The customers (not deleted) with these ids or domains: what a contact row names its customer by. */
  async customerIds(tx: Transaction, ids: readonly string[], domains: readonly string[]): Promise<Pick<CustomerEntity, 'id' | 'domain'>[]> {
    if (!ids.length && !domains.length) return [];
    return tx.manager.query(
      `SELECT id, domain FROM customer WHERE deleted_at IS NULL AND (id = ANY($1::uuid[]) OR domain = ANY($2::text[]))`,
      [ids, domains],
    );
  }

  async insertCustomers(tx: Transaction, customers: readonly CustomerEntity[]): Promise<void> {
    if (customers.length) await tx.manager.getRepository(CustomerEntity).insert(customers as CustomerEntity[]);
  }

  async updateCustomer(tx: Transaction, id: string, patch: Partial<CustomerEntity>): Promise<void> {
    await tx.manager.getRepository(CustomerEntity).update({ id }, patch);
  }

  /** The contacts (of customers not deleted) with one of these addresses, each with the address it matched, locked until the batch commits. */
  contactsByEmail(tx: Transaction, emails: readonly string[]): Promise<(ContactEntity & { matched: string })[]> {
    return tx.manager.query(
      `SELECT c.id, c.customer_id AS "customerId", c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.phone,
              c.title, c.role, c.created_at AS "createdAt", c.updated_at AS "updatedAt", e.address AS matched
       FROM contact_email e JOIN contact c ON c.id = e.contact_id JOIN customer cu ON cu.id = c.customer_id AND cu.deleted_at IS NULL
       WHERE e.address = ANY($1::text[]) FOR UPDATE OF c`,
      [emails],
    );
  }

  emailsOf(tx: Transaction, contactIds: readonly string[]): Promise<ContactEmailEntity[]> {
    return tx.manager.getRepository(ContactEmailEntity).find({ where: { contactId: In(contactIds) }, order: { position: 'ASC' } });
  }

  phonesOf(tx: Transaction, contactIds: readonly string[]): Promise<ContactPhoneEntity[]> {
    return tx.manager.getRepository(ContactPhoneEntity).find({ where: { contactId: In(contactIds) }, order: { position: 'ASC' } });
  }

  async insertContacts(
    tx: Transaction,
    contacts: readonly ContactEntity[],
    emails: readonly ContactEmailEntity[],
    phones: readonly ContactPhoneEntity[],
  ): Promise<void> {
    if (!contacts.length) return;
    await tx.manager.getRepository(ContactEntity).insert(contacts as ContactEntity[]);
    await tx.manager.getRepository(ContactEmailEntity).insert(emails as ContactEmailEntity[]);
    if (phones.length) await tx.manager.getRepository(ContactPhoneEntity).insert(phones as ContactPhoneEntity[]);
  }

  async addPhone(tx: Transaction, phone: ContactPhoneEntity): Promise<void> {
    await tx.manager.getRepository(ContactPhoneEntity).insert(phone);
  }

  async updateContact(tx: Transaction, id: string, patch: Partial<ContactEntity>): Promise<void> {
    await tx.manager.getRepository(ContactEntity).update({ id }, patch);
  }
}
