import { randomUUID } from 'node:crypto';
import {
  ChurnRiskRaised,
  deadLetterTopic,
  DealRegistrationApproved,
  LeadAssigned,
  LeadConverted,
  Topics,
  type PayloadOf,
} from '@crm/contracts';
import { useTestSubgraph, type EventSender } from '@crm/subgraph-testing';
import { eventually } from '@crm/testing';
import { Kafka, logLevel } from 'kafkajs';
import { LEAD_FOLLOW_UP_GROUP_ID } from '../src/activities/lead-follow-up.consumer';
import { UNASSIGNED_CUSTOMER_ID } from '../src/customers/unassigned-account.service';
import { DEAL_REGISTRATION_GROUP_ID } from '../src/deal-registrations/deal-registration.consumer';
import { RETENTION_TASK_GROUP_ID } from '../src/activities/retention-task.consumer';
import { LEAD_CONVERSION_GROUP_ID } from '../src/lead-conversion/lead-conversion.consumer';
import { salesSubgraph } from '../src/sales.subgraph';
import { NEW_BUSINESS } from './deals.test-helper';

/**
 * The sales consumers, fed through Kafka as the producing services' relays would feed them, on the
 * broker of this file's own that every test subgraph gets: the consumer groups must not share
 * partitions with other files' sales subgraphs.
 */
describe('sales consumers: lead.converted and deal-registration.approved', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const { events } = sales;
  const send: EventSender['send'] = (contract, data, opts) => events.send(contract, data, opts);
  let kafka: Kafka;

  /** Retries `check` until it stops throwing: consumers apply events asynchronously. */

  const applied = (group: string, eventId: string) =>
    eventually(async () =>
      expect(await sales.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [group, eventId])).toHaveLength(1),
    );

  const outboxOf = (customerId: string) =>
    sales.sql<{ type: string }>('SELECT type FROM outbox WHERE subject = $1 ORDER BY seq', [customerId]).then((r) => r.map((e) => e.type));

  beforeAll(() => {
    kafka = new Kafka({ brokers: sales.brokers, logLevel: logLevel.NOTHING });
  });

  const conversion = (over: Partial<PayloadOf<typeof LeadConverted>> = {}): PayloadOf<typeof LeadConverted> => ({
    leadId: randomUUID(),
    customerId: randomUUID(),
    existingCustomer: false,
    customerName: 'Initrode',
    customerKind: 'COMPANY',
    contact: { contactId: randomUUID(), firstName: 'Peter', lastName: 'Gibbons', email: 'Peter@Initrode.com' },
    opportunity: {
      opportunityId: randomUUID(),
      name: 'Initrode rollout',
      amount: { amount: '42000.5', currency: 'EUR' },
      closeDate: '2031-06-30',
    },
    ownerId: randomUUID(),
    convertedBy: randomUUID(),
    convertedAt: '2030-01-15T10:00:00.000Z',
    ...over,
  });

  const CUSTOMER_VIEW = `query($id: ID!) { customer(id: $id) {
    id name kind ownerId
    contacts { id firstName lastName email emails { address type primary } }
    opportunities { id name amount { amount currency } closeDate ownerId partnerId stageId status contacts { role contact { id } } }
  } }`;

  it('creates the customer, its contact and the opportunity under the minted ids, with their events, once however often it is delivered', async () => {
    const d = conversion();
    const eventId = await send(LeadConverted, d);
    await send(LeadConverted, d, { id: eventId }); // a redelivery
    const again = await send(LeadConverted, d); // the same conversion under a new event id, past the inbox
    await applied(LEAD_CONVERSION_GROUP_ID, again);

    const res = await sales.gql<{ customer: unknown }>(CUSTOMER_VIEW, { id: d.customerId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.customer).toEqual({
      id: d.customerId,
      name: 'Initrode',
      kind: 'COMPANY',
      ownerId: d.ownerId,
      contacts: [
        {
          id: d.contact.contactId,
          firstName: 'Peter',
          lastName: 'Gibbons',
          email: 'peter@initrode.com',
          // The email row search and duplicate detection read.
          emails: [{ address: 'peter@initrode.com', type: 'WORK', primary: true }],
        },
      ],
      opportunities: [
        {
          id: d.opportunity!.opportunityId,
          name: 'Initrode rollout',
          amount: { amount: '42000.50', currency: 'EUR' },
          closeDate: '2031-06-30',
          ownerId: d.ownerId,
          partnerId: null,
          stageId: NEW_BUSINESS.prospecting,
          status: 'OPEN',
          contacts: [{ role: 'OTHER', contact: { id: d.contact.contactId } }],
        },
      ],
    });
    expect(await outboxOf(d.customerId)).toEqual([
      'crm.sales.customer.created.v1',
      'crm.sales.contact.added.v1',
      'crm.sales.opportunity.created.v1',
    ]);
    expect(
      await sales.sql('SELECT 1 FROM opportunity_stage_change WHERE opportunity_id = $1', [d.opportunity!.opportunityId]),
    ).toHaveLength(1);
  });

  it('adds only the contact when the lead is converted onto an existing customer, and opens no opportunity when none is asked', async () => {
    const customerId = (await sales.ctx.newCustomer({ name: 'Already Here' })).id;
    const d = conversion({ customerId, existingCustomer: true, customerName: 'Another Name', opportunity: null });
    await applied(LEAD_CONVERSION_GROUP_ID, await send(LeadConverted, d));

    const res = await sales.gql<{ customer: { name: string; contacts: { id: string }[]; opportunities: unknown[] } }>(CUSTOMER_VIEW, {
      id: customerId,
    });
    expect(res.data!.customer).toMatchObject({ name: 'Already Here', contacts: [{ id: d.contact.contactId }], opportunities: [] });
    expect(await outboxOf(customerId)).toEqual(['crm.sales.customer.created.v1', 'crm.sales.contact.added.v1']);
  });

  it('opens an unpriced opportunity at zero, closing 90 days after the conversion, when the conversion names no amount or date', async () => {
    const d = conversion({ opportunity: { opportunityId: randomUUID(), name: 'Later', amount: null, closeDate: null } });
    await applied(LEAD_CONVERSION_GROUP_ID, await send(LeadConverted, d));
    const rows = await sales.sql<{ amount: string; currency: string; close_date: string }>(
      `SELECT amount::text, currency, to_char(close_date, 'YYYY-MM-DD') AS close_date FROM opportunity WHERE id = $1`,
      [d.opportunity!.opportunityId],
    );
    expect(rows).toEqual([{ amount: '0.0000', currency: 'USD', close_date: '2030-04-15' }]);
  });

  describe('lead.assigned: a follow-up task for the lead owner', () => {
    const assignment = (over: Partial<PayloadOf<typeof LeadAssigned>> = {}): PayloadOf<typeof LeadAssigned> => ({
      leadId: randomUUID(),
      customerId: null,
      email: 'jane@acme.example',
      name: 'Jane Roe',
      company: 'Acme',
      ownerId: randomUUID(),
      ruleId: randomUUID(),
      teamId: null,
      assignedAt: '2030-01-15T10:00:00.000Z',
      ...over,
    });
    const TODO = `query($owner: ID!) { activities(filter: { ownerId: $owner }) { edges { node {
      id type subject customerId leadId ownerId dueAt completed automated
    } } } }`;
    const todo = async (ownerId: string) =>
      (
        await sales.gql<{ activities: { edges: { node: Record<string, unknown> }[] } }>(TODO, { owner: ownerId })
      ).data!.activities.edges.map((e) => e.node);

    it("puts one task on the owner's to-do list, on the Unassigned account for a lead of nobody's, however often it is delivered", async () => {
      const d = assignment();
      const eventId = await send(LeadAssigned, d);
      await send(LeadAssigned, d, { id: eventId }); // a redelivery
      const again = await send(LeadAssigned, d); // the same assignment under a new event id, past the inbox
      await applied(LEAD_FOLLOW_UP_GROUP_ID, again);

      const tasks = await todo(d.ownerId);
      expect(tasks).toEqual([
        {
          id: expect.any(String),
          type: 'TASK',
          subject: 'Follow up lead Jane Roe (Acme)',
          customerId: UNASSIGNED_CUSTOMER_ID,
          leadId: d.leadId,
          ownerId: d.ownerId,
          dueAt: '2030-01-16T10:00:00.000Z',
          completed: false,
          automated: true,
        },
      ]);
      const published = await sales.sql<{ type: string; data: Record<string, unknown> }>(
        `SELECT type, data FROM outbox WHERE data->>'activityId' = $1 ORDER BY seq`,
        [tasks[0]!.id],
      );
      expect(published.map((e) => e.type)).toEqual(['crm.sales.activity.created.v1', 'crm.sales.activity.lead-follow-up-scheduled.v1']);
      expect(published[1]!.data).toMatchObject({ customerId: UNASSIGNED_CUSTOMER_ID, leadId: d.leadId, leadCustomerId: null });
    });

    it("files the task on the lead's customer when sales has it, and under Unassigned when sales does not", async () => {
      const customerId = (await sales.ctx.newCustomer({ name: 'Lead Co' })).id;
      const known = assignment({ customerId });
      const unknown = assignment({ customerId: randomUUID(), ownerId: known.ownerId });
      for (const d of [known, unknown]) await applied(LEAD_FOLLOW_UP_GROUP_ID, await send(LeadAssigned, d));

      const byLead = Object.fromEntries((await todo(known.ownerId)).map((t) => [t.leadId as string, t.customerId]));
      expect(byLead).toEqual({ [known.leadId]: customerId, [unknown.leadId]: UNASSIGNED_CUSTOMER_ID });
      const onCustomer = await sales.gql<{ customer: { activities: { leadId: string }[] } }>(
        `query($id: ID!) { customer(id: $id) { activities { leadId } } }`,
        { id: customerId },
      );
      expect(onCustomer.data!.customer.activities).toEqual([{ leadId: known.leadId }]);
    });
  });

  describe('deal-registration.approved, against the contracts library', () => {
    const approval = (customerId: string, over: Partial<PayloadOf<typeof DealRegistrationApproved>> = {}) =>
      DealRegistrationApproved.schema.parse({
        registrationId: randomUUID(),
        partnerId: randomUUID(),
        customerId,
        opportunityId: randomUUID(),
        name: 'Partner-sourced renewal',
        amount: { amount: '9999.99', currency: 'GBP' },
        closeDate: '2031-01-31',
        approvedBy: randomUUID(),
        approvedAt: '2030-02-01T09:00:00.000Z',
        ...over,
      } satisfies PayloadOf<typeof DealRegistrationApproved>);

    let customerId: string;
    beforeAll(async () => {
      customerId = (await sales.ctx.newCustomer({ name: 'Partnered' })).id;
    });

    it('opens the opportunity for the partner, once however often the approval is delivered', async () => {
      const d = approval(customerId);
      const eventId = await send(DealRegistrationApproved, d);
      await send(DealRegistrationApproved, d, { id: eventId });
      await applied(DEAL_REGISTRATION_GROUP_ID, await send(DealRegistrationApproved, d));

      const res = await sales.gql<{ opportunity: unknown }>(
        'query($id: ID!) { opportunity(id: $id) { id name partnerId ownerId amount { amount currency } closeDate status customer { id } } }',
        { id: d.opportunityId },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.opportunity).toEqual({
        id: d.opportunityId,
        name: 'Partner-sourced renewal',
        partnerId: d.partnerId,
        ownerId: null,
        amount: { amount: '9999.99', currency: 'GBP' },
        closeDate: '2031-01-31',
        status: 'OPEN',
        customer: { id: customerId },
      });
      const events = await sales.sql<{ type: string; data: { partnerId: string } }>(
        `SELECT type, data FROM outbox WHERE data->>'opportunityId' = $1`,
        [d.opportunityId],
      );
      expect(events).toEqual([{ type: 'crm.sales.opportunity.created.v1', data: expect.objectContaining({ partnerId: d.partnerId }) }]);
    });

    it('sends an approval whose payload breaks the contract to the dead-letter topic, writing nothing', async () => {
      const bad = { ...approval(customerId), partnerId: 'not-a-uuid' };
      expect(DealRegistrationApproved.schema.safeParse(bad).success).toBe(false);
      const before = await sales.count('opportunity');
      const badId = await send(DealRegistrationApproved, bad, { raw: true });
      // Same topic and key, so the same partition: once this one is applied, the bad one was passed.
      const marker = await send(DealRegistrationApproved, approval(customerId));
      await applied(DEAL_REGISTRATION_GROUP_ID, marker);

      const dlq = deadLetterTopic(Topics.partnersDealRegistration);
      const reasons = await eventually(async () => {
        const found = await readAll(kafka, dlq);
        const mine = found.filter((m) => m.eventId === badId);
        expect(mine).toHaveLength(1);
        return mine.map((m) => m.reason);
      });
      expect(reasons[0]).toMatch(/^invalid crm\.partners\.deal-registration\.approved\.v1: partnerId/);
      expect(await sales.sql('SELECT 1 FROM inbox WHERE event_id = $1', [badId])).toEqual([]);
      expect(await sales.count('opportunity')).toBe(before + 1); // the marker's only
    });

    it('sends an approval for a customer sales does not have to the dead-letter topic after its retries, writing nothing', async () => {
      const d = approval(randomUUID());
      const before = await sales.count('opportunity');
      const eventId = await send(DealRegistrationApproved, d);
      const dlq = deadLetterTopic(Topics.partnersDealRegistration);
      const parked = await eventually(async () => {
        const mine = (await readAll(kafka, dlq)).filter((m) => m.eventId === eventId);
        expect(mine).toHaveLength(1);
        return mine[0]!;
      });
      expect(parked.reason).toMatch(/^handler failed: Customer .* was not found/);
      expect(await sales.sql('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).toEqual([]);
      expect(await sales.count('opportunity')).toBe(before);
    });
  });

  describe('churn-risk.raised (analytics)', () => {
    const risk = (customerId: string) => ({
      customerId,
      score: '0.5500',
      threshold: '0.5000',
      reasons: [
        {
          factor: 'INACTIVITY' as const,
          weight: '0.3000',
          signal: '1.0000',
          contribution: '0.3000',
          detail: '90 days since the last engagement',
        },
        { factor: 'OPEN_URGENT_CASES' as const, weight: '0.2500', signal: '1.0000', contribution: '0.2500', detail: '2 urgent cases open' },
        {
          factor: 'LOW_CSAT' as const,
          weight: '0.1000',
          signal: '0.0000',
          contribution: '0.0000',
          detail: 'no CSAT answers in the last 180 days',
        },
      ],
      scoredAt: '2031-06-01T12:00:00.000Z',
    });
    const tasksOf = (customerId: string) =>
      sales.sql<{ id: string; type: string; subject: string; notes: string; owner_id: string | null; due_at: Date }>(
        'SELECT id, type, subject, notes, owner_id, due_at FROM activity WHERE customer_id = $1 ORDER BY created_at',
        [customerId],
      );

    it("gives the customer's owner one retention task per event, however often it is delivered, with its ActivityCreated", async () => {
      const ownerId = randomUUID();
      const customerId = (await sales.ctx.newCustomer({ name: 'Initech', ownerId })).id;
      const eventId = await send(ChurnRiskRaised, risk(customerId));
      await send(ChurnRiskRaised, risk(customerId), { id: eventId }); // a redelivery
      await applied(RETENTION_TASK_GROUP_ID, eventId);
      const sentAt = Date.now();

      const tasks = await tasksOf(customerId);
      expect(tasks).toEqual([
        {
          id: eventId,
          type: 'TASK',
          subject: 'Retention: Initech is at risk of churning (0.5500)',
          notes:
            'Churn risk 0.5500 reached the threshold 0.5000: 90 days since the last engagement (+0.3000); 2 urgent cases open (+0.2500).',
          owner_id: ownerId,
          due_at: expect.any(Date),
        },
      ]);
      // Due in two days, as the stale-customer follow-ups are.
      expect(Math.abs(tasks[0]!.due_at.getTime() - (sentAt + 2 * 86_400_000))).toBeLessThan(60_000);
      expect(await outboxOf(customerId)).toEqual(['crm.sales.customer.created.v1', 'crm.sales.activity.created.v1']);

      // A later crossing is another event: another task.
      await applied(RETENTION_TASK_GROUP_ID, await send(ChurnRiskRaised, risk(customerId)));
      expect(await tasksOf(customerId)).toHaveLength(2);
    });

    it('gives no task for a customer sales does not have, and writes nothing', async () => {
      const customerId = randomUUID();
      await applied(RETENTION_TASK_GROUP_ID, await send(ChurnRiskRaised, risk(customerId)));
      expect(await tasksOf(customerId)).toEqual([]);
      expect(await outboxOf(customerId)).toEqual([]);
    });
  });
});

/** Every message on a topic, with its CloudEvents id and dead-letter reason. */
async function readAll(kafka: Kafka, topic: string): Promise<{ eventId: string; reason: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  const out: { eventId: string; reason: string }[] = [];
  if (total === 0) return out;
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          out.push({ eventId: String(message.headers?.ce_id ?? ''), reason: String(message.headers?.dlq_reason ?? '') });
          if (out.length >= total) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return out;
}
