import { hydrate, type Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { ContactEmailEntity, ContactPhoneEntity } from './contact-point.entity';
import { ContactEntity } from './contact.entity';

export type ContactPatch = Partial<Pick<ContactEntity, 'firstName' | 'lastName' | 'email' | 'phone' | 'title' | 'role' | 'updatedAt'>>;

@Injectable()
export class ContactRepository {
  constructor(
    @InjectRepository(ContactEntity) private readonly repo: Repository<ContactEntity>,
    @InjectRepository(ContactEmailEntity) private readonly emails: Repository<ContactEmailEntity>,
    @InjectRepository(ContactPhoneEntity) private readonly phones: Repository<ContactPhoneEntity>,
  ) {}

  async insert(tx: Transaction, contact: ContactEntity): Promise<void> {
    await tx.manager.getRepository(ContactEntity).insert(contact);
  }

  /** INSERT ... ON CONFLICT DO NOTHING, for ids minted elsewhere (lead conversion): true when this call created the row. */
  async insertIfAbsent(tx: Transaction, contact: ContactEntity): Promise<boolean> {
    const result = await tx.manager
      .getRepository(ContactEntity)
      .createQueryBuilder()
      .insert()
      .values(contact)
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  /** Hands every contact of one customer to another (customer merge); answers the ids that moved. */
  async moveToCustomer(tx: Transaction, fromCustomerId: string, toCustomerId: string): Promise<string[]> {
    const [rows] = await tx.manager.query<[{ id: string }[], number]>(
      'UPDATE contact SET customer_id = $2 WHERE customer_id = $1 RETURNING id',
      [fromCustomerId, toCustomerId],
    );
    return rows.map((r) => r.id);
  }

  findById(id: string, tx?: Transaction): Promise<ContactEntity | null> {
    return (tx ? tx.manager.getRepository(ContactEntity) : this.repo).findOneBy({ id });
  }

  /** Row-locked read, for read-modify-write inside a transaction. */
  findByIdForUpdate(tx: Transaction, id: string): Promise<ContactEntity | null> {
    return tx.manager.getRepository(ContactEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByIds(ids: readonly string[]): Promise<ContactEntity[]> {
    return this.repo.findBy({ id: Any(ids) });
  }

  async update(tx: Transaction, id: string, patch: ContactPatch): Promise<void> {
    await tx.manager.getRepository(ContactEntity).update({ id }, patch);
  }

  /** Deletes the contact; its emails, phones and opportunity roles go with it (ON DELETE CASCADE). */
  async delete(tx: Transaction, id: string): Promise<void> {
    await tx.manager.getRepository(ContactEntity).delete({ id });
  }

  /** Replaces every email of a contact with `emails`, in the given order. */
  async replaceEmails(tx: Transaction, contactId: string, emails: Omit<ContactEmailEntity, 'contactId' | 'contact'>[]): Promise<void> {
    const repo = tx.manager.getRepository(ContactEmailEntity);
    await repo.delete({ contactId });
    if (emails.length) await repo.insert(emails.map((e) => ({ ...e, contactId })));
  }

  async replacePhones(tx: Transaction, contactId: string, phones: Omit<ContactPhoneEntity, 'contactId' | 'contact'>[]): Promise<void> {
    const repo = tx.manager.getRepository(ContactPhoneEntity);
    await repo.delete({ contactId });
    if (phones.length) await repo.insert(phones.map((p) => ({ ...p, contactId })));
  }

  /** Every email of these contacts, in one statement. */
  emailsOf(contactIds: readonly string[], tx?: Transaction): Promise<ContactEmailEntity[]> {
    const repo = tx ? tx.manager.getRepository(ContactEmailEntity) : this.emails;
    return repo.find({ where: { contactId: Any(contactIds) }, order: { contactId: 'ASC', position: 'ASC' } });
  }

  phonesOf(contactIds: readonly string[], tx?: Transaction): Promise<ContactPhoneEntity[]> {
    const repo = tx ? tx.manager.getRepository(ContactPhoneEntity) : this.phones;
    return repo.find({ where: { contactId: Any(contactIds) }, order: { contactId: 'ASC', position: 'ASC' } });
  }

  /** The newest `perCustomer` contacts of each customer, in one statement for any number of customers. */
  async newestByCustomerIds(customerIds: readonly string[], perCustomer: number): Promise<ContactEntity[]> {
    const rows = await this.repo.query<Record<string, unknown>[]>(
      `SELECT * FROM (
         SELECT c.*, row_number() OVER (PARTITION BY c.customer_id ORDER BY c.created_at DESC, c.id DESC) AS rn
         FROM contact c WHERE c.customer_id = ANY($1::uuid[])
       ) ranked WHERE rn <= $2 ORDER BY customer_id, created_at DESC, id DESC`,
      [customerIds, perCustomer],
    );
    return rows.map((r) => hydrate(this.repo.manager, ContactEntity, r));
  }
}
