import type { CustomerUpdatedV2, PayloadOf } from '@crm/contracts';

/** The customer as `customer.updated.v2` carries it after the change. */
export type CustomerSnapshot = PayloadOf<typeof CustomerUpdatedV2>['customer'];

/**
 * A company with every optional attribute empty, a CUSTOMER, named Acme, with `over` on top: a test
 * names only the attributes its case is about, and a field the contract adds is filled here once.
 */
export function customerSnapshot(over: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return {
    name: 'Acme',
    kind: 'COMPANY',
    domain: null,
    tier: null,
    lifecycleStage: 'CUSTOMER',
    industry: null,
    size: null,
    country: null,
    region: null,
    ownerId: null,
    parentId: null,
    tags: [],
    employeeCount: null,
    annualRevenue: null,
    ...over,
  };
}
