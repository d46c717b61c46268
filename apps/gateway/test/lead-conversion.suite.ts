import { randomUUID } from 'node:crypto';
import { eventually, graphqlClient, type Gql, type TestStack } from '@crm/testing';
import { sharedStack } from './shared-stack';

const CUSTOMER = `query($id: ID!) {
  customer(id: $id) {
    id name kind
    contacts { id fullName email }
    opportunities { id name amount { amount currency } closeDate status stage { name } contacts { contact { id } } }
    leads { id status }
    timeline(first: 20) { edges { node { type source summary } } }
  }
}`;

interface CustomerView {
  customer: {
    id: string;
    name: string;
    kind: string;
    contacts: { id: string; fullName: string; email: string | null }[];
    opportunities: {
      id: string;
      name: string;
      amount: { amount: string; currency: string };
      closeDate: string;
      status: string;
      stage: { name: string };
      contacts: { contact: { id: string } }[];
    }[];
    leads: { id: string; status: string }[] | null;
    timeline: { edges: { node: { type: string; source: string; summary: string } }[] } | null;
  } | null;
}

/** Lead conversion across marketing, sales and analytics, as a client sees it through the gateway. */
describe('lead conversion through the gateway', () => {
  let stack: TestStack;
  let gql: Gql;

  beforeAll(async () => {
    stack = await sharedStack();
    gql = graphqlClient(stack.gatewayUrl);
    // Five subgraphs, the gateway, Postgres and the broker: slower than one test's budget on a busy machine.
  }, 480_000);

  /** Polls the customer until `ready` holds; the bound only stops a broken flow from hanging the run. */
  async function customerWhen(id: string, ready: (c: NonNullable<CustomerView['customer']>) => boolean) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await gql<CustomerView>(CUSTOMER, { id });
      const c = res.data?.customer;
      if (c && ready(c)) return { customer: c, errors: res.errors };
      if (Date.now() > deadline) throw new Error(`customer ${id} never became ready: ${JSON.stringify(res)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('captures a lead, converts it, and the new customer with its contact, opportunity and timeline is queryable', async () => {
    const email = `michael.bolton.${randomUUID().slice(0, 8)}@initrode.com`;
    const captured = await gql<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
      i: { email, name: 'Michael Bolton', company: 'Initrode', source: 'WEB_FORM' },
    });
    expect(captured.errors).toBeUndefined();
    const leadId = captured.data!.captureLead.id;

    const converted = await gql<{
      convertLead: { customerId: string; contactId: string; opportunityId: string; lead: { status: string } };
    }>('mutation($i: ConvertLeadInput!) { convertLead(input: $i) { customerId contactId opportunityId lead { status } } }', {
      i: { leadId, opportunity: { name: 'Initrode printers', amount: { amount: '15000', currency: 'USD' }, closeDate: '2031-03-31' } },
    });
    expect(converted.errors).toBeUndefined();
    const { customerId, contactId, opportunityId, lead } = converted.data!.convertLead;
    expect(lead.status).toBe('CONVERTED');

    const { customer, errors } = await customerWhen(
      customerId,
      (c) =>
        c.contacts.length > 0 &&
        c.opportunities.length > 0 &&
        (c.timeline?.edges.some((e) => e.node.type === 'LEAD_CONVERTED') ?? false) &&
        (c.timeline?.edges.some((e) => e.node.type === 'CUSTOMER_CREATED') ?? false),
    );
    expect(errors).toBeUndefined();
    expect(customer).toMatchObject({
      id: customerId,
      name: 'Initrode',
      kind: 'COMPANY',
      contacts: [{ id: contactId, fullName: 'Michael Bolton', email }],
      opportunities: [
        {
          id: opportunityId,
          name: 'Initrode printers',
          amount: { amount: '15000.00', currency: 'USD' },
          closeDate: '2031-03-31',
          status: 'OPEN',
          contacts: [{ contact: { id: contactId } }],
        },
      ],
      leads: [{ id: leadId, status: 'CONVERTED' }],
    });
    const timeline = customer.timeline!.edges.map((e) => e.node);
    expect(timeline).toEqual(
      expect.arrayContaining([
        { type: 'LEAD_CONVERTED', source: 'marketing', summary: `Lead ${email} converted, with opportunity Initrode printers` },
        { type: 'CUSTOMER_CREATED', source: 'sales', summary: 'Customer Initrode created' },
      ]),
    );
  });

  it('merges the converted customer into another, and the survivor shows its contact, opportunity and timeline', async () => {
    const email = `tom.smykowski.${randomUUID().slice(0, 8)}@initech.com`;
    const captured = await gql<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
      i: { email, name: 'Tom Smykowski', company: 'Initech Jump to Conclusions', source: 'WEB_FORM' },
    });
    const converted = await gql<{ convertLead: { customerId: string; contactId: string; opportunityId: string } }>(
      'mutation($i: ConvertLeadInput!) { convertLead(input: $i) { customerId contactId opportunityId } }',
      { i: { leadId: captured.data!.captureLead.id, opportunity: { name: 'Jump mats' } } },
    );
    const { customerId: mergedId, contactId, opportunityId } = converted.data!.convertLead;
    await customerWhen(mergedId, (c) => c.contacts.length > 0 && c.opportunities.length > 0);
    const survivorId = (await stack.ctx.newCustomer({ name: 'Initech Holdings' })).id;

    const merged = await gql<{ mergeCustomers: { merge: { movedContactIds: string[]; movedOpportunityIds: string[] } } }>(
      'mutation($s: ID!, $m: ID!) { mergeCustomers(survivorId: $s, mergedId: $m) { merge { movedContactIds movedOpportunityIds } } }',
      { s: survivorId, m: mergedId },
    );
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.mergeCustomers.merge).toEqual({ movedContactIds: [contactId], movedOpportunityIds: [opportunityId] });

    // Analytics follows customer.merged: the merged customer's timeline now belongs to the survivor.
    const { customer } = await customerWhen(survivorId, (c) =>
      ['LEAD_CONVERTED', 'CUSTOMER_MERGED'].every((t) => c.timeline?.edges.some((e) => e.node.type === t)),
    );
    expect(customer.contacts.map((c) => c.id)).toEqual([contactId]);
    expect(customer.opportunities.map((o) => o.id)).toEqual([opportunityId]);
    expect((await gql<CustomerView>(CUSTOMER, { id: mergedId })).data!.customer).toBeNull();
  });

  it('converting the same lead again is BAD_USER_INPUT on leadId, and sales still holds one customer, contact and opportunity', async () => {
    const email = `samir.${randomUUID().slice(0, 8)}@initrode.com`;
    const captured = await gql<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
      i: { email, name: 'Samir Nagheenanajar', company: 'Initrode East', source: 'WEB_FORM' },
    });
    const leadId = captured.data!.captureLead.id;
    const convert = () =>
      gql<{ convertLead: { customerId: string } }>('mutation($i: ConvertLeadInput!) { convertLead(input: $i) { customerId } }', {
        i: { leadId, opportunity: { name: 'East coast' } },
      });
    const first = await convert();
    expect(first.errors).toBeUndefined();
    const second = await convert();
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });

    const { customer } = await customerWhen(first.data!.convertLead.customerId, (c) => c.contacts.length > 0 && c.opportunities.length > 0);
    expect(customer.contacts).toHaveLength(1);
    expect(customer.opportunities).toHaveLength(1);
  });

  describe('loyalty across sales and marketing', () => {
    const LOYALTY = `query($id: ID!) { customer(id: $id) { loyalty { balance tier nextTier nextTierThreshold entries { kind points reason } } } }`;
    interface LoyaltyView {
      customer: {
        loyalty: {
          balance: number;
          tier: string | null;
          nextTier: string | null;
          nextTierThreshold: number | null;
          entries: { kind: string; points: number; reason: string | null }[];
        } | null;
      } | null;
    }
    const loyaltyOf = async (id: string) => (await gql<LoyaltyView>(LOYALTY, { id })).data?.customer?.loyalty ?? null;

    beforeAll(async () => {
      const set = await gql('mutation($i: SetLoyaltyProgrammeInput!) { setLoyaltyProgramme(input: $i) { name } }', {
        i: {
          name: 'Initrode rewards',
          tiers: [
            { name: 'Member', threshold: 0 },
            { name: 'Gold', threshold: 1000 },
          ],
          revenuePerPoint: { amount: '10', currency: 'EUR' },
          pointsPerAttendance: 10,
          tierPeriodDays: 365,
          expiryDays: 365,
        },
      });
      expect(set.errors).toBeUndefined();
    });

    it("earns points from a deal won through sales' mutations, refuses a redemption past the balance naming it, and shows the ledger on the customer", async () => {
      const customer = await stack.ctx.newCustomer({ name: 'Initrode Loyal' });
      const deal = await stack.ctx.newOpportunity({
        customerId: customer.id,
        name: 'Loyal rollout',
        amount: { amount: '2505.00', currency: 'EUR' },
      });
      const won = await gql<{ winOpportunity: { status: string } }>(
        'mutation($i: CloseOpportunityInput!) { winOpportunity(input: $i) { status } }',
        {
          i: { id: deal.id, reason: 'best fit' },
        },
      );
      expect(won.errors).toBeUndefined();
      expect(won.data!.winOpportunity.status).toBe('WON');

      // opportunity.won reaches marketing's loyalty consumer through the broker: 2505 EUR at 10 EUR a point.
      const earned = await eventually(
        async () => {
          const l = await loyaltyOf(customer.id);
          expect(l?.balance).toBe(250);
          return l!;
        },
        60_000,
        200,
      );
      expect(earned).toEqual({
        balance: 250,
        tier: 'Member',
        nextTier: 'Gold',
        nextTierThreshold: 1000,
        entries: [{ kind: 'WON_REVENUE', points: 250, reason: 'Loyal rollout' }],
      });

      const redeem = (points: number, reason: string) =>
        gql<{ redeemLoyaltyPoints: { balance: number } }>(
          'mutation($i: LoyaltyPointsInput!) { redeemLoyaltyPoints(input: $i) { balance } }',
          { i: { customerId: customer.id, points, reason } },
        );
      const over = await redeem(251, 'a car');
      expect(over.data).toBeNull();
      expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'points' });
      expect(over.errors?.[0]?.message).toContain('balance of 250 points');
      expect((await loyaltyOf(customer.id))?.entries).toHaveLength(1);

      const spent = await redeem(100, 'a mug');
      expect(spent.errors).toBeUndefined();
      expect(spent.data!.redeemLoyaltyPoints.balance).toBe(150);
      const after = await loyaltyOf(customer.id);
      // Newest first, and the ledger sums to the balance.
      expect(after?.entries).toEqual([
        { kind: 'REDEMPTION', points: -100, reason: 'a mug' },
        { kind: 'WON_REVENUE', points: 250, reason: 'Loyal rollout' },
      ]);
      expect(after!.entries.reduce((sum, e) => sum + e.points, 0)).toBe(after!.balance);
    });
  });
});
