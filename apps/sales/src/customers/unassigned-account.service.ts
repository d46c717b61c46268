import { CustomerCreated } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { EMPTY_ACCOUNT } from './account-profile';
import { LifecycleStage } from './customer.enums';
import { CustomerRepository } from './customer.repository';

/**
 * The account of every deal whose account is unknown (many CRM exports have such deals). A real
 * customer row, made on first use, rather than a nullable customer id: every opportunity event
 * keeps a customer id (its Kafka key and CloudEvents subject), so the contracts, the consumers, the
 * partner scoping and the reports that join customers all stay as they are, and the deals are
 * reported together, as such, under this one account.
 */
export const UNASSIGNED_CUSTOMER_ID = '0a7f0000-0000-4000-8003-000000000001';
export const UNASSIGNED_CUSTOMER_NAME = 'Unassigned';

export const isUnassigned = (customerId: string): boolean => customerId.toLowerCase() === UNASSIGNED_CUSTOMER_ID;

/** The placeholder account holds deals, not a customer relationship: it is neither deleted nor merged. */
export function refuseUnassigned(customerId: string, field: string): void {
  if (isUnassigned(customerId)) throw new InvalidError(field, 'is the placeholder account of deals without an account');
}

/** Creates the placeholder account the first time a deal without an account needs it, with its created event. */
@Injectable()
export class UnassignedAccountService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly events: EventPublisher,
  ) {}

  async ensure(tx: Transaction): Promise<void> {
    const now = new Date();
    const created = await this.customers.insertIfAbsent(tx, {
      ...EMPTY_ACCOUNT,
      id: UNASSIGNED_CUSTOMER_ID,
      name: UNASSIGNED_CUSTOMER_NAME,
      kind: 'COMPANY',
      domain: null,
      tier: null,
      ownerId: null,
      tags: [],
      industry: null,
      size: null,
      website: null,
      lifecycleStage: LifecycleStage.CUSTOMER,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    if (created) {
      await this.events.publish(tx, CustomerCreated, {
        customerId: UNASSIGNED_CUSTOMER_ID,
        name: UNASSIGNED_CUSTOMER_NAME,
        kind: 'COMPANY',
        createdAt: now.toISOString(),
      });
    }
  }
}
