import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ContactEntity } from './contact.entity';

interface ContactRow {
  id: string;
  customer_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  created_at: Date;
}

@Injectable()
export class ContactRepository {
  constructor(@InjectRepository(ContactEntity) private readonly repo: Repository<ContactEntity>) {}

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

  /** The newest `perCustomer` contacts of each customer, in one statement for any number of customers. */
  async newestByCustomerIds(customerIds: readonly string[], perCustomer: number): Promise<ContactEntity[]> {
    const rows = await this.repo.query<ContactRow[]>(
      `SELECT * FROM (
         SELECT c.*, row_number() OVER (PARTITION BY c.customer_id ORDER BY c.created_at DESC, c.id DESC) AS rn
         FROM contact c WHERE c.customer_id = ANY($1::uuid[])
       ) ranked WHERE rn <= $2 ORDER BY customer_id, created_at DESC, id DESC`,
      [customerIds, perCustomer],
    );
    return rows.map((r) =>
      this.repo.create({
        id: r.id,
        customerId: r.customer_id,
        firstName: r.first_name,
        lastName: r.last_name,
        email: r.email,
        phone: r.phone,
        title: r.title,
        createdAt: r.created_at,
      }),
    );
  }
}
