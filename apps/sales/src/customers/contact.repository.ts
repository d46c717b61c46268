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
