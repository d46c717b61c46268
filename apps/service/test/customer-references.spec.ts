import { randomUUID } from 'node:crypto';
import {
  ContactAdded,
  ContactDeleted,
  ContactUpdated,
  CustomerCreated,
  CustomerDeleted,
  CustomerMerged,
  CustomerRestored,
} from '@crm/contracts';
import { knownContactGroupId, knownCustomerGroupId } from '@crm/references';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { eventually } from '@crm/testing';
import { serviceSubgraph } from '../src/service.subgraph';

/**
 * How a write that names a customer is checked (libs/references), through the service subgraph's
 * openCase: its read model of sales' customer events first, sales itself (here a double) on a miss.
 * End to end with the real sales: apps/gateway/test/references.suite.ts (run by shared-stack.spec.ts).
 */
describe('service: a case names a customer that exists', () => {
  const service = useTestSubgraph(serviceSubgraph);
  const { events } = service;
  const at = () => new Date().toISOString();

  const openCase = (customerId: string) =>
    service.gql<{ openCase: { id: string; customerId: string } }>(
      'mutation($i: OpenCaseInput!) { openCase(input: $i) { id customerId } }',
      { i: { customerId, subject: 'Printer on fire', priority: 'HIGH' } },
    );
  const rows = async () => ({ cases: await service.count('support_case'), events: await service.count('outbox') });
  const applied = (eventId: string) =>
    eventually(async () =>
      expect(
        await service.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [knownCustomerGroupId('service'), eventId]),
      ).toHaveLength(1),
    );

  afterEach(() => {
    service.customers.down = false;
  });

  it('refuses a customer id sales never had as NOT_FOUND on customerId, writing nothing', async () => {
    const before = await rows();
    const nobody = randomUUID();
    const res = await openCase(nobody);
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'customerId' });
    expect(res.errors![0]!.message).toContain(nobody);
    expect(await rows()).toEqual(before);
  });

  it('accepts a customer sales has before its event arrives, asking sales with the caller’s own token', async () => {
    const id = service.customers.add();
    const res = await openCase(id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.openCase.customerId).toBe(id);
    const lookup = service.customers.lookups.find((l) => l.id === id);
    expect(lookup?.authorization).toMatch(/^Bearer \S+$/);
  });

  it('accepts a customer known from customer.created without asking sales, even while sales is down', async () => {
    const id = randomUUID();
    await applied(await events.send(CustomerCreated, { customerId: id, name: 'Initech', kind: 'COMPANY', createdAt: at() }));
    service.customers.down = true;
    const res = await openCase(id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.openCase.customerId).toBe(id);
    expect(service.customers.lookups.some((l) => l.id === id)).toBe(false);
  });

  it('refuses a deleted customer, and accepts it again once restored', async () => {
    const id = randomUUID();
    await events.send(CustomerCreated, { customerId: id, name: 'Globex', kind: 'COMPANY', createdAt: at() });
    await applied(await events.send(CustomerDeleted, { customerId: id, deletedAt: at() }));
    const before = await rows();
    const refused = await openCase(id);
    expect(refused.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'customerId' });
    expect(await rows()).toEqual(before);

    // Restored in sales a moment ago: the read model still says deleted, so sales is asked.
    service.customers.add(id);
    expect((await openCase(id)).errors).toBeUndefined();
    await applied(await events.send(CustomerRestored, { customerId: id, restoredAt: at() }));
    service.customers.remove(id);
    expect((await openCase(id)).errors).toBeUndefined();
  });

  it('opens a case named by a merged-away customer on the survivor, following a chain of merges', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    // A survivor's created event travels on another partition than the merge naming it: wait for each.
    for (const id of [a, b, c]) {
      await applied(await events.send(CustomerCreated, { customerId: id, name: `Merged ${id}`, kind: 'COMPANY', createdAt: at() }));
    }
    const merge = (survivorId: string, mergedId: string) =>
      events.send(CustomerMerged, {
        mergeId: randomUUID(),
        survivorId,
        mergedId,
        moved: { contactIds: [], opportunityIds: [] },
        mergedBy: null,
        mergedAt: at(),
      });
    await applied(await merge(b, a));
    await applied(await merge(c, b));
    for (const named of [a, b]) {
      const res = await openCase(named);
      expect(res.errors).toBeUndefined();
      expect(res.data!.openCase.customerId).toBe(c);
    }
  });

  it('keeps known_contact from contact events and customer merges: added, moved, deleted', async () => {
    const [customerId, survivorId, contactId] = [randomUUID(), randomUUID(), randomUUID()];
    const contactApplied = (eventId: string) =>
      eventually(async () =>
        expect(
          await service.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [knownContactGroupId('service'), eventId]),
        ).toHaveLength(1),
      );
    const row = async () =>
      (await service.sql('SELECT customer_id, deleted_at IS NOT NULL AS deleted FROM known_contact WHERE id = $1', [contactId]))[0];
    await contactApplied(await events.send(ContactAdded, { contactId, customerId, fullName: 'Ann Perkins', email: null, createdAt: at() }));
    expect(await row()).toEqual({ customer_id: customerId, deleted: false });
    const merged = await events.send(CustomerMerged, {
      mergeId: randomUUID(),
      survivorId,
      mergedId: customerId,
      moved: { contactIds: [contactId], opportunityIds: [] },
      mergedBy: null,
      mergedAt: at(),
    });
    await contactApplied(merged);
    expect(await row()).toEqual({ customer_id: survivorId, deleted: false });
    await contactApplied(await events.send(ContactDeleted, { contactId, customerId: survivorId, deletedAt: at() }));
    expect(await row()).toEqual({ customer_id: survivorId, deleted: true });
    // A redelivered add changes nothing: the contact stays deleted.
    await events.send(ContactAdded, { contactId, customerId, fullName: 'Ann Perkins', email: null, createdAt: at() });
    await contactApplied(
      await events.send(ContactUpdated, {
        contactId,
        customerId,
        changed: ['title'],
        fullName: 'Ann Perkins',
        email: null,
        emails: [],
        phones: [],
        title: 'Nurse',
        role: null,
        updatedAt: at(),
      }),
    );
    expect(await row()).toEqual({ customer_id: survivorId, deleted: true });
  });

  it('refuses with SERVICE_UNAVAILABLE on customerId, writing nothing, when a customer it does not know cannot be checked', async () => {
    service.customers.down = true;
    const before = await rows();
    const res = await openCase(randomUUID());
    expect(res.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', field: 'customerId' });
    expect(await rows()).toEqual(before);
  });
});
