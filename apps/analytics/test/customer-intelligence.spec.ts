import { randomUUID } from 'node:crypto';
import {
  ActivityCreated,
  CaseOpened,
  CaseSatisfactionSubmitted,
  CaseSlaBreached,
  CaseStatusChanged,
  ChurnRiskCleared,
  ChurnRiskRaised,
  ContactAdded,
  CustomerCreated,
  OpportunityImported,
  OpportunityLost,
} from '@crm/contracts';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { eventually } from '@crm/testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { ChurnRescoringJob } from '../src/churn-risk/churn-rescoring.job';
import { CHURN_RISK_GROUP_ID } from '../src/churn-risk/churn-risk.consumer';

const DAY = 86_400_000;
/** The Renewals pipeline sales creates, which analytics counts lost renewals in by default. */
const RENEWALS = '0a7f0000-0000-4000-8000-000000000002';

interface Reason {
  factor: string;
  weight: string;
  signal: string;
  contribution: string;
  detail: string;
}
interface Risk {
  score: string;
  atRisk: boolean;
  threshold: string;
  scoredAt: string;
  reasons: Reason[];
}

/** An independent reckoning of a reason's share: weight (in ten-thousandths) × signal rounded to four places, as the API promises. */
const share = (weight: number, signal: number): number =>
  Math.round((weight * Math.round(Math.min(1, Math.max(0, signal)) * 10_000)) / 10_000);
const text = (units: number): string => (units / 10_000).toFixed(4);

describe('customer intelligence: churn risk and cross-sell', () => {
  const analytics = useTestSubgraph(analyticsSubgraph);
  const { events, gql } = analytics;

  const churnRisk = async (customerId: string): Promise<Risk | null> => {
    const res = await gql<{ _entities: { intelligence: { churnRisk: Risk | null } }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { intelligence {
        churnRisk { score atRisk threshold scoredAt reasons { factor weight signal contribution detail } } } } } }`,
      { r: [{ __typename: 'Customer', id: customerId }] },
    );
    expect(res.errors).toBeUndefined();
    return res.data!._entities[0]!.intelligence.churnRisk;
  };
  /** What analytics announced about the customer, in order, from its outbox. */
  const announced = (customerId: string) =>
    analytics.sql<{ type: string; score: string }>("SELECT type, data->>'score' AS score FROM outbox WHERE subject = $1 ORDER BY seq", [
      customerId,
    ]);
  const created = (customerId: string, at: Date) =>
    events.send(CustomerCreated, { customerId, name: 'Initech', kind: 'COMPANY', createdAt: at.toISOString() }, { time: at.toISOString() });
  const urgentCase = (customerId: string, at: Date, opts: { id?: string; caseId?: string } = {}) =>
    events.send(
      CaseOpened,
      { caseId: opts.caseId ?? randomUUID(), customerId, subject: 'Outage', priority: 'URGENT', status: 'NEW', openedAt: at.toISOString() },
      { time: at.toISOString(), id: opts.id },
    );
  const byFactor = (risk: Risk) => Object.fromEntries(risk.reasons.map((r) => [r.factor, r]));

  it('raises the risk of a customer idle for 100 days once two urgent cases are open, explains it, and clears it when one is resolved', async () => {
    const customerId = randomUUID();
    const now = new Date();
    await created(customerId, new Date(now.getTime() - 100 * DAY));
    const firstCase = randomUUID();
    await urgentCase(customerId, now, { caseId: firstCase });
    const second = randomUUID();
    await urgentCase(customerId, now, { id: second });
    await urgentCase(customerId, now, { id: second }); // a redelivery: still two cases

    const risk = await eventually(async () => {
      const r = await churnRisk(customerId);
      expect(r?.score).toBe('0.5500');
      return r!;
    });
    // 100 days idle is past the 90 that count fully (0.30); two urgent cases count fully (0.25).
    expect(risk).toMatchObject({ score: text(share(3000, 1) + share(2500, 1)), atRisk: true, threshold: '0.5000' });
    expect(risk.reasons.slice(0, 2)).toEqual([
      { factor: 'INACTIVITY', weight: '0.3000', signal: '1.0000', contribution: '0.3000', detail: '100 days since the last engagement' },
      { factor: 'OPEN_URGENT_CASES', weight: '0.2500', signal: '1.0000', contribution: '0.2500', detail: '2 urgent cases open' },
    ]);
    expect(risk.reasons.slice(2).map((r) => r.contribution)).toEqual(['0.0000', '0.0000', '0.0000', '0.0000']);
    expect(await announced(customerId)).toEqual([{ type: ChurnRiskRaised.type, score: '0.5500' }]);

    await events.send(CaseStatusChanged, {
      caseId: firstCase,
      customerId,
      subject: 'Outage',
      from: 'NEW',
      to: 'RESOLVED',
      changedAt: new Date().toISOString(),
    });
    await eventually(async () => expect((await churnRisk(customerId))?.score).toBe(text(share(3000, 1) + share(2500, 1 / 2))));
    expect(await announced(customerId)).toEqual([
      { type: ChurnRiskRaised.type, score: '0.5500' },
      { type: ChurnRiskCleared.type, score: '0.4250' },
    ]);
    // Published through the outbox: analytics' own timeline shows the crossing.
    await eventually(async () => {
      const [row] = await analytics.sql<{ summary: string }>('SELECT summary FROM timeline_entry WHERE customer_id = $1 AND type = $2', [
        customerId,
        'CHURN_RISK_RAISED',
      ]);
      expect(row?.summary).toBe('Churn risk 0.5500 reached the threshold 0.5000: 100 days since the last engagement');
    });
  });

  it('weighs SLA breaches, low CSAT, a lost renewal and falling engagement, equal to the shares reckoned here', async () => {
    const customerId = randomUUID();
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY);
    // Four touchpoints 80 to 50 days ago (two per 30 days), one 10 days ago.
    await created(customerId, ago(80));
    const activity = (days: number, automated: boolean) =>
      events.send(
        ActivityCreated,
        {
          activityId: randomUUID(),
          customerId,
          contactId: null,
          opportunityId: null,
          type: automated ? 'TASK' : 'CALL',
          subject: automated ? 'Follow up' : 'Check-in',
          ownerId: null,
          dueAt: null,
          remindAt: null,
          automated,
          createdBy: null,
          createdAt: ago(days).toISOString(),
        },
        { time: ago(days).toISOString() },
      );
    for (const days of [70, 60, 50]) await activity(days, false);
    // The automation's own tasks are no engagement.
    await activity(1, true);
    await events.send(
      ContactAdded,
      { contactId: randomUUID(), customerId, fullName: 'Milton', email: null, createdAt: ago(10).toISOString() },
      { time: ago(10).toISOString() },
    );
    const caseRef = { caseId: randomUUID(), customerId, subject: 'Stapler', productId: null };
    await events.send(
      CaseSlaBreached,
      {
        ...caseRef,
        target: 'RESOLUTION',
        priority: 'HIGH',
        dueAt: ago(6).toISOString(),
        escalationLevel: 1,
        queueId: null,
        breachedAt: ago(5).toISOString(),
      },
      { time: ago(5).toISOString() },
    );
    await events.send(
      CaseSatisfactionSubmitted,
      { ...caseRef, score: 2, hasComment: true, answeredAt: ago(4).toISOString() },
      { time: ago(4).toISOString() },
    );
    await events.send(
      CaseSatisfactionSubmitted,
      { ...caseRef, caseId: randomUUID(), score: 3, hasComment: false, answeredAt: ago(200).toISOString() },
      { time: ago(200).toISOString() },
    );
    const lost = {
      opportunityId: randomUUID(),
      customerId,
      name: 'Renewal 2031',
      amount: { amount: '12000.00', currency: 'EUR' },
      closeDate: '2031-01-31',
      ownerId: null,
      partnerId: null,
      pipelineId: RENEWALS,
      stageId: RENEWALS,
      status: 'LOST' as const,
      reason: 'price',
      closedBy: null,
      closedAt: ago(3).toISOString(),
    };
    await events.send(OpportunityLost, lost, { time: ago(3).toISOString() });
    // A lost deal of another pipeline is no lost renewal.
    await events.send(OpportunityLost, { ...lost, opportunityId: randomUUID(), pipelineId: randomUUID() }, { time: ago(2).toISOString() });

    const expected = {
      INACTIVITY: share(3000, 10 / 90),
      OPEN_URGENT_CASES: 0,
      SLA_BREACHES: share(1500, 1 / 2),
      // 4 touchpoints in the 60 days before the last 30 is 2 per 30 days; 1 in the last 30 is half that pace.
      FALLING_ENGAGEMENT: share(1000, 1 - 1 / 2),
      // Only the answer of the last 180 days: 2, so (4 - 2) / 3 of the weight.
      LOW_CSAT: share(1000, (4 - 2) / 3),
      LOST_RENEWAL: share(1000, 1),
    };
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    const risk = await eventually(async () => {
      const r = await churnRisk(customerId);
      expect(r?.score).toBe(text(total));
      return r!;
    });
    expect(Object.fromEntries(Object.entries(byFactor(risk)).map(([f, r]) => [f, r.contribution]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([f, units]) => [f, text(units)])),
    );
    expect(byFactor(risk).FALLING_ENGAGEMENT!.detail).toBe('1 touchpoint in the last 30 days, against 2.0 per 30 days in the 60 before');
    expect(byFactor(risk).LOW_CSAT!.detail).toBe('CSAT 2.00 on average over the last 180 days');
    expect(byFactor(risk).LOST_RENEWAL!.detail).toBe('1 renewal lost in the last 365 days');
    expect(risk.atRisk).toBe(false);
  });

  it('answers null for a customer it has no event of', async () => {
    expect(await churnRisk(randomUUID())).toBeNull();
  });

  // Last: it moves every customer's scoring clock 90 days on.
  it('raises the risk when the rescoring job finds the customer idle for 90 days, once however often it runs', async () => {
    const customerId = randomUUID();
    const now = new Date();
    const applied = [await created(customerId, now), await urgentCase(customerId, now), await urgentCase(customerId, now)];
    await eventually(async () =>
      expect(
        await analytics.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = ANY($2)', [CHURN_RISK_GROUP_ID, applied]),
      ).toHaveLength(3),
    );
    expect(await churnRisk(customerId)).toMatchObject({ score: '0.2500', atRisk: false });
    expect(await announced(customerId)).toEqual([]);

    const job = analytics.app.get(ChurnRescoringJob);
    const later = new Date(now.getTime() + 90 * DAY);
    expect(await job.runOnce(later)).toBeGreaterThanOrEqual(1);
    await job.runOnce(later);
    expect(await churnRisk(customerId)).toMatchObject({ score: '0.5500', atRisk: true, scoredAt: later.toISOString() });
    expect(await announced(customerId)).toEqual([{ type: ChurnRiskRaised.type, score: '0.5500' }]);
  });

  describe('cross-sell', () => {
    // Hand-checkable baskets (won deals' products): {A,B} {A,B,C} {A,C} {B,C} {A,B} and the target's {A}; a lost {A,D} does not count.
    const [A, B, C, D] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const target = randomUUID();
    const bOwner = randomUUID();
    const closedAt = '2030-03-01T12:00:00.000Z';
    const deal = (customerId: string, products: string[], status: 'WON' | 'LOST' = 'WON') =>
      events.send(
        OpportunityImported,
        {
          opportunityId: randomUUID(),
          externalId: `basket-${randomUUID()}`,
          customerId,
          name: 'Basket',
          amount: { amount: '100.00', currency: 'EUR' },
          closeDate: '2030-03-01',
          ownerId: null,
          pipelineId: RENEWALS,
          stageId: RENEWALS,
          status,
          closeReason: null,
          createdAt: closedAt,
          closedAt,
          stages: [{ stageId: RENEWALS, status, at: closedAt }],
          lines: products.map((productId) => ({
            productId,
            quantity: '1',
            unitPrice: { amount: '50.00', currency: 'EUR' },
            discountPercent: '0',
            net: { amount: '50.00', currency: 'EUR' },
          })),
        },
        { time: closedAt },
      );
    const crossSell = async (customerId: string, first?: number) => {
      const res = await gql<{ _entities: { intelligence: { crossSell: Record<string, string>[] } }[] }>(
        `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Customer { intelligence {
          crossSell(first: $first) { productId becauseOfProductId support confidence lift } } } } }`,
        { r: [{ __typename: 'Customer', id: customerId }], first },
      );
      return res;
    };
    /** support, confidence and lift of A → B reckoned here from counts, rounded to four places as the API rounds them. */
    const rule = (both: number, antecedent: number, consequent: number, baskets: number) => ({
      support: (both / baskets).toFixed(4),
      confidence: (both / antecedent).toFixed(4),
      lift: (both / antecedent / (consequent / baskets)).toFixed(4),
    });

    beforeAll(async () => {
      // Each customer's deal goes to its own partition: wait for every one.
      const sent = [
        await deal(randomUUID(), [A, B]),
        await deal(randomUUID(), [A, B, C]),
        await deal(randomUUID(), [A, C]),
        await deal(bOwner, [B, C]),
        await deal(randomUUID(), [A, B]),
        await deal(randomUUID(), [A, D], 'LOST'),
        await deal(target, [A, A]),
      ];
      await eventually(async () =>
        expect(
          await analytics.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = ANY($2)', ['analytics-warehouse', sent]),
        ).toHaveLength(sent.length),
      );
    });

    it('suggests the products a customer lacks by the strongest rule from one it has, with support, confidence and lift as counted by hand', async () => {
      // Six baskets: A in 5, B in 4, C in 3; A and B together in 3, A and C in 2, B and C in 2.
      const res = await crossSell(target);
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities[0]!.intelligence.crossSell).toEqual([
        { productId: B, becauseOfProductId: A, ...rule(3, 5, 4, 6) },
        { productId: C, becauseOfProductId: A, ...rule(2, 5, 3, 6) },
      ]);
      expect(rule(3, 5, 4, 6)).toEqual({ support: '0.5000', confidence: '0.6000', lift: '0.9000' });
      // B's buyer has B and C: A follows B (3 of 4) more surely than C (2 of 3).
      expect((await crossSell(bOwner)).data!._entities[0]!.intelligence.crossSell).toEqual([
        { productId: A, becauseOfProductId: B, ...rule(3, 4, 5, 6) },
      ]);
      // D was only in a lost deal: never suggested.
      expect((await crossSell(target, 1)).data!._entities[0]!.intelligence.crossSell.map((s) => s.productId)).toEqual([B]);
    });

    it('suggests nothing to a customer without a won deal, and refuses a page size out of range with BAD_USER_INPUT on first', async () => {
      expect((await crossSell(randomUUID())).data!._entities[0]!.intelligence.crossSell).toEqual([]);
      const res = await crossSell(target, 21);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });
  });
});
