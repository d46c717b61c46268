import { CustomerCreated, CustomerUpdatedV2 } from '@crm/contracts';
import { customerSnapshot, type EventSender, type TestSubgraph } from '@crm/subgraph-testing';
import { eventually } from '@crm/testing';
import { CUSTOMER_TIER_GROUP_ID } from '../src/customer-tiers/customer-tier.consumer';

/**
 * Sales' customer events as service's tier read model takes them, each awaited until service has
 * applied it: a customer created with a tier, and a later change of its tier.
 */
export function salesTiers(service: TestSubgraph, events: EventSender) {
  const applied = (eventId: string) =>
    eventually(async () =>
      expect(
        await service.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [CUSTOMER_TIER_GROUP_ID, eventId]),
      ).toHaveLength(1),
    );
  return {
    /** A customer sales created with `tier`; service's customer double knows it too, so cases can be opened on it. */
    async created(customerId: string, tier: number | null): Promise<void> {
      service.customers.add(customerId);
      await applied(
        await events.send(CustomerCreated, { customerId, name: 'Globex', kind: 'COMPANY', tier, createdAt: new Date().toISOString() }),
      );
    },
    /** Sales moved the customer from tier `from` to `to` (customer.updated.v2, which carries the customer as it is now). */
    async changed(customerId: string, from: number | null, to: number | null): Promise<void> {
      const updatedAt = new Date().toISOString();
      await applied(
        await events.send(CustomerUpdatedV2, {
          customerId,
          changes: [{ field: 'tier', old: from, new: to }],
          customer: customerSnapshot({ name: 'Globex', tier: to }),
          updatedBy: null,
          updatedAt,
        }),
      );
    },
  };
}
