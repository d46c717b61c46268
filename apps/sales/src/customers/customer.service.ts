import { randomUUID } from 'node:crypto';
import { CustomerCreated, CustomerUpdated } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { decodeCursor, notFound, pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { CustomerEntity } from './customer.entity';
import { CustomerSort, type CreateCustomerInput, type CustomersArgs, type UpdateCustomerInput } from './customer.input';
import { CustomerRepository } from './customer.repository';

@Injectable()
export class CustomerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomerRepository,
    private readonly events: EventPublisher,
  ) {}

  create(input: CreateCustomerInput): Promise<CustomerEntity> {
    const now = new Date();
    const customer: CustomerEntity = {
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      domain: input.domain ?? null,
      createdAt: now,
      updatedAt: now,
    };
    return this.uow.run(async (tx) => {
      await this.customers.insert(tx, customer);
      await this.events.publish(tx, CustomerCreated, {
        customerId: customer.id,
        name: customer.name,
        kind: customer.kind,
        createdAt: now.toISOString(),
      });
      return customer;
    });
  }

  update(input: UpdateCustomerInput): Promise<CustomerEntity> {
    return this.uow.run(async (tx) => {
      const existing = await this.customers.findByIdForUpdate(tx, input.id);
      if (!existing) throw notFound('Customer', input.id);
      const patch: Partial<Pick<CustomerEntity, 'name' | 'domain'>> = {};
      if (input.name !== undefined && input.name !== existing.name) patch.name = input.name;
      if (input.domain !== undefined && input.domain !== existing.domain) patch.domain = input.domain;
      const changed = Object.keys(patch);
      if (changed.length === 0) return existing;
      const updatedAt = new Date();
      await this.customers.update(tx, existing.id, { ...patch, updatedAt });
      const updated = { ...existing, ...patch, updatedAt };
      await this.events.publish(tx, CustomerUpdated, {
        customerId: updated.id,
        changed,
        name: updated.name,
        updatedAt: updatedAt.toISOString(),
      });
      return updated;
    });
  }

  findById(id: string): Promise<CustomerEntity | null> {
    return this.customers.findById(id);
  }

  /** For DataLoader: results in the order of `ids`, null where there is no such customer. */
  async findByIds(ids: readonly string[]): Promise<(CustomerEntity | null)[]> {
    const byId = new Map((await this.customers.findByIds(ids)).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(args: CustomersArgs): Promise<ConnectionShape<CustomerEntity>> {
    const size = pageSize(args.first);
    const byName = args.sort === CustomerSort.NAME_ASC;
    const rows = await this.customers.page({
      filter: args.filter ?? {},
      sort: args.sort,
      after: args.after ? decodeCursor(args.after, 2) : null,
      limit: size + 1,
    });
    return toConnection(
      rows,
      size,
      (c) => (byName ? [c.name, c.id] : [c.createdAt.toISOString(), c.id]),
      (c) => c,
    );
  }
}
