import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { ContactEntity } from '../customers/contact.entity';
import { CustomerEntity } from '../customers/customer.entity';

/** Reads of the customers and contacts an opportunity points at; customers/ owns and writes them. */
@Injectable()
export class OpportunityPartiesRepository {
  constructor(@InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>) {}

  customerExists(tx: Transaction, id: string): Promise<boolean> {
    return tx.manager.getRepository(CustomerEntity).existsBy({ id });
  }

  customersByIds(ids: readonly string[]): Promise<CustomerEntity[]> {
    return this.customers.findBy({ id: Any(ids) });
  }

  /** Which of `contactIds` are contacts of the customer. */
  async contactIdsOfCustomer(tx: Transaction, customerId: string, contactIds: string[]): Promise<Set<string>> {
    if (contactIds.length === 0) return new Set();
    const rows = await tx.manager.getRepository(ContactEntity).find({ select: { id: true }, where: { customerId, id: Any(contactIds) } });
    return new Set(rows.map((r) => r.id));
  }
}
