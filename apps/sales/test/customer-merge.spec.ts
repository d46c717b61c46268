import { randomUUID } from 'node:crypto';
import { CustomerMerged, LeadConverted, type PayloadOf } from '@crm/contracts';
import { toKafkaMessage } from '@crm/events';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { Kafka, logLevel } from 'kafkajs';
import { LEAD_CONVERSION_GROUP_ID } from '../src/lead-conversion/lead-conversion.consumer';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const MERGE = `mutation($s: ID!, $m: ID!) { mergeCustomers(survivorId: $s, mergedId: $m) {
  survivor { id name contacts { id } opportunities { id } }
  merge { id survivorId mergedId movedContactIds movedOpportunityIds movedActivityIds mergedBy mergedAt }
} }`;

interface MergePayload {
  mergeCustomers: {
    survivor: { id: string; name: string; contacts: { id: string }[]; opportunities: { id: string }[] };
    merge: {
      id: string;
      survivorId: string;
      mergedId: string;
      movedContactIds: string[];
      movedOpportunityIds: string[];
      movedActivityIds: string[];
      mergedBy: string | null;
      mergedAt: string;
    };
  };
}

/** mergeCustomers through GraphQL, on a broker of this file's own (as every test subgraph's): no other file's events reach its consumers. */
describe('mergeCustomers', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const merge = (survivorId: string, mergedId: string) => sales.gql<MergePayload>(MERGE, { s: survivorId, m: mergedId });
  /** What a refused merge must leave as it was. */
  const state = async () => ({
    ...(await api.footprint(['customer_merge', 'contact', 'opportunity'])),
    rows: await sales.sql(
      `SELECT (SELECT json_agg(json_build_array(id, deleted_at) ORDER BY id) FROM customer) AS customers,
              (SELECT json_agg(json_build_array(id, customer_id) ORDER BY id) FROM contact) AS contacts,
              (SELECT json_agg(json_build_array(id, customer_id) ORDER BY id) FROM opportunity) AS opportunities`,
    ),
  });

  it('moves contacts and opportunities to the survivor, soft-deletes the merged customer, audits the merge and publishes it', async () => {
    const survivor = await api.createCustomer('Initech');
    const merged = await api.createCustomer('Initech Inc. (duplicate)');
    const kept = await api.addContact(survivor, 'Bill');
    const movedContacts = [await api.addContact(merged, 'Peter'), await api.addContact(merged, 'Milton')];
    const movedOpportunity = (
      await api.createOpportunity({ customerId: merged, contacts: [{ contactId: movedContacts[0], role: 'CHAMPION' }] })
    ).id;
    const survivorOpportunity = (await api.createOpportunity({ customerId: survivor })).id;
    const call = await api.ok<{ logActivity: { id: string } }>('mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }', {
      i: { type: 'CALL', subject: 'Intro call', customerId: merged },
    });

    const res = await merge(survivor, merged);
    expect(res.errors).toBeUndefined();
    const { survivor: after, merge: audit } = res.data!.mergeCustomers;
    expect(after.id).toBe(survivor);
    expect(after.contacts.map((c) => c.id).sort()).toEqual([kept, ...movedContacts].sort());
    expect(after.opportunities.map((o) => o.id).sort()).toEqual([movedOpportunity, survivorOpportunity].sort());
    expect(audit).toMatchObject({ survivorId: survivor, mergedId: merged, mergedBy: expect.any(String) });
    expect(audit.movedContactIds.sort()).toEqual([...movedContacts].sort());
    expect(audit.movedOpportunityIds).toEqual([movedOpportunity]);
    expect(audit.movedActivityIds).toEqual([call.logActivity.id]);
    expect(await sales.sql('SELECT customer_id FROM activity WHERE id = $1', [call.logActivity.id])).toEqual([{ customer_id: survivor }]);

    // The merged customer is gone from lookups; the survivor lists the merge; the opportunity keeps its contact.
    const read = await api.ok<{ merged: unknown; survivor: { merges: { id: string }[] }; opportunity: { customer: { id: string } } }>(
      `query($m: ID!, $s: ID!, $o: ID!) {
         merged: customer(id: $m) { id }
         survivor: customer(id: $s) { merges { id } }
         opportunity(id: $o) { customer { id } contacts { contact { id } } }
       }`,
      { m: merged, s: survivor, o: movedOpportunity },
    );
    expect(read).toMatchObject({ merged: null, survivor: { merges: [{ id: audit.id }] }, opportunity: { customer: { id: survivor } } });
    expect(await sales.sql('SELECT survivor_id, merged_id, merged_by FROM customer_merge WHERE id = $1', [audit.id])).toEqual([
      { survivor_id: survivor, merged_id: merged, merged_by: audit.mergedBy },
    ]);

    const events = await sales.sql<{ type: string; subject: string; data: PayloadOf<typeof CustomerMerged> }>(
      `SELECT type, subject, data FROM outbox WHERE type = $1 AND data->>'mergeId' = $2`,
      [CustomerMerged.type, audit.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.subject).toBe(merged);
    expect(CustomerMerged.schema.parse(events[0]!.data)).toMatchObject({
      survivorId: survivor,
      mergedId: merged,
      moved: { opportunityIds: [movedOpportunity], activityIds: [call.logActivity.id] },
    });
  });

  describe('refusals, each writing nothing', () => {
    let survivor: string;
    let merged: string;
    let deleted: string;

    beforeAll(async () => {
      survivor = await api.createCustomer('Keeper');
      merged = await api.createCustomer('Gone');
      await api.addContact(merged, 'Moved');
      const m = await merge(survivor, merged);
      expect(m.errors).toBeUndefined();
      deleted = await api.createCustomer('Deleted');
      await api.ok('mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id: deleted });
    });

    it.each([
      ['a malformed survivor id', () => ['nope', survivor], { code: 'BAD_USER_INPUT', field: 'survivorId' }],
      ['a malformed merged id', () => [survivor, 'nope'], { code: 'BAD_USER_INPUT', field: 'mergedId' }],
      ['a customer merged into itself', () => [survivor, survivor], { code: 'BAD_USER_INPUT', field: 'mergedId' }],
      ['an unknown survivor', () => [MISSING_ID, survivor], { code: 'NOT_FOUND' }],
      ['an unknown merged customer', () => [survivor, MISSING_ID], { code: 'NOT_FOUND' }],
      ['a soft-deleted merged customer', () => [survivor, deleted], { code: 'NOT_FOUND' }],
      ['a customer merged already', () => [survivor, merged], { code: 'BAD_USER_INPUT', field: 'mergedId' }],
      ['a merge into a customer merged away', () => [merged, survivor], { code: 'BAD_USER_INPUT', field: 'survivorId' }],
    ] as const)('refuses %s', async (_case, ids, extensions) => {
      const before = await state();
      const [s, m] = ids();
      const res = await merge(s!, m!);
      expect(res.data).toBeNull();
      expect(res.errors![0]!.extensions).toEqual(extensions);
      expect(await state()).toEqual(before);
    });

    it('names the survivor when a customer was merged already', async () => {
      const res = await merge(survivor, merged);
      expect(res.errors![0]!.message).toContain(`already merged into customer ${survivor}`);
    });

    it('refuses to restore a merged customer', async () => {
      const before = await state();
      const res = await sales.gql('mutation($id: ID!) { restoreCustomer(id: $id) { id } }', { id: merged });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(await state()).toEqual(before);
    });

    it('routes a lead converted onto the merged customer to the survivor', async () => {
      const d: PayloadOf<typeof LeadConverted> = {
        leadId: randomUUID(),
        customerId: merged,
        existingCustomer: true,
        customerName: 'Gone',
        customerKind: 'COMPANY',
        contact: { contactId: randomUUID(), firstName: 'Late', lastName: 'Lead', email: 'late@gone.com' },
        opportunity: null,
        ownerId: null,
        convertedBy: null,
        convertedAt: new Date().toISOString(),
      };
      const eventId = randomUUID();
      const producer = new Kafka({ brokers: sales.brokers, logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({
        topic: LeadConverted.topic,
        acks: -1,
        messages: [
          toKafkaMessage({
            id: eventId,
            topic: LeadConverted.topic,
            type: LeadConverted.type,
            source: LeadConverted.source,
            subject: merged,
            time: new Date(),
            data: LeadConverted.schema.parse(d),
          }),
        ],
      });
      await producer.disconnect();
      const deadline = Date.now() + 20_000;
      while (
        (await sales.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [LEAD_CONVERSION_GROUP_ID, eventId])).length === 0
      ) {
        if (Date.now() > deadline) throw new Error('the conversion was not applied');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await sales.sql('SELECT customer_id FROM contact WHERE id = $1', [d.contact.contactId])).toEqual([{ customer_id: survivor }]);
    });
  });
});
