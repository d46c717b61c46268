import { useTestSubgraph } from '@crm/subgraph-testing';
import { StaleCustomerFollowUpJob } from '../src/activities/stale-customer-follow-up.job';
import { followUpWindowStart } from '../src/activities/stale-customer-follow-up.service';
import { salesConfigSchema } from '../src/config/sales.config';
import { salesSubgraph } from '../src/sales.subgraph';

const DAY = 86_400_000;
const OWNER = '33333333-3333-4333-8333-333333333333';

describe('stale top-tier customer follow-up automation', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const { gql } = sales;
  const now = new Date();
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

  const customer = async (name: string, i: Record<string, unknown>, createdDaysAgo: number): Promise<string> => {
    const { id } = await sales.ctx.newCustomer({ name, ...i });
    await sales.sql('UPDATE customer SET created_at = $2 WHERE id = $1', [id, daysAgo(createdDaysAgo)]);
    return id;
  };
  const touch = async (customerId: string, touchedDaysAgo: number) => {
    const res = await gql<{ logActivity: { id: string } }>('mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }', {
      i: { type: 'CALL', subject: 'Check-in', customerId, completed: true },
    });
    const at = daysAgo(touchedDaysAgo);
    await sales.sql('UPDATE activity SET created_at = $2, completed_at = $2 WHERE id = $1', [res.data!.logActivity.id, at]);
    return at;
  };
  const followUpsOf = async (customerId: string) => {
    const res = await gql<{
      customer: { activities: { type: string; ownerId: string; automated: boolean; subject: string; dueAt: string }[] };
    }>('query($id: ID!) { customer(id: $id) { activities { type ownerId automated subject dueAt } } }', { id: customerId });
    return res.data!.customer.activities.filter((a) => a.automated);
  };

  it('creates one follow-up task per stale top-tier customer per window, for its owner, with an event; a second run creates nothing', async () => {
    const neverTouched = await customer('Stale Never', { tier: 1, ownerId: OWNER }, 40);
    const touchedLongAgo = await customer('Stale Long Ago', { tier: 1, ownerId: OWNER }, 100);
    const lastTouch = await touch(touchedLongAgo, 45);
    const touchedRecently = await customer('Fresh Touch', { tier: 1, ownerId: OWNER }, 100);
    await touch(touchedRecently, 10);
    const lowTier = await customer('Low Tier', { tier: 3, ownerId: OWNER }, 100);
    const noOwner = await customer('No Owner', { tier: 1 }, 100);
    const young = await customer('Young', { tier: 1, ownerId: OWNER }, 5);
    const deleted = await customer('Deleted', { tier: 1, ownerId: OWNER }, 100);
    await gql('mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id: deleted });

    const job = sales.app.get(StaleCustomerFollowUpJob);
    const outboxBefore = await sales.count('outbox');
    const first = await job.runOnce(now);
    expect(first.windowStart).toBe(followUpWindowStart(now, 30));
    expect(first.activityIds).toHaveLength(2);

    for (const id of [neverTouched, touchedLongAgo]) {
      const tasks = await followUpsOf(id);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ type: 'TASK', ownerId: OWNER, automated: true });
      expect(new Date(tasks[0]!.dueAt).getTime()).toBe(now.getTime() + 2 * DAY);
    }
    for (const id of [touchedRecently, lowTier, noOwner, young]) expect(await followUpsOf(id)).toEqual([]);
    expect(await sales.count(`activity WHERE customer_id = '${deleted}'`)).toBe(0);

    const events = await sales.sql<{ type: string; subject: string; data: Record<string, unknown> }>(
      'SELECT type, subject, data FROM outbox WHERE seq > (SELECT max(seq) - $1 FROM outbox) ORDER BY seq',
      [(await sales.count('outbox')) - outboxBefore],
    );
    expect(events.map((e) => e.type).sort()).toEqual([
      'crm.sales.activity.created.v1',
      'crm.sales.activity.created.v1',
      'crm.sales.activity.follow-up-scheduled.v1',
      'crm.sales.activity.follow-up-scheduled.v1',
    ]);
    const scheduled = events.filter((e) => e.type.endsWith('follow-up-scheduled.v1')).map((e) => e.data);
    expect(scheduled).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ customerId: neverTouched, ownerId: OWNER, tier: 1, staleDays: 30, lastTouchedAt: null }),
        expect.objectContaining({ customerId: touchedLongAgo, lastTouchedAt: lastTouch.toISOString() }),
      ]),
    );

    // The same window again: the (customer, window) key lets nothing new in, and nothing is published.
    const outboxAfterFirst = await sales.count('outbox');
    const second = await job.runOnce(now);
    expect(second).toEqual({ windowStart: first.windowStart, activityIds: [] });
    expect(await sales.count('outbox')).toBe(outboxAfterFirst);
    expect(await followUpsOf(neverTouched)).toHaveLength(1);

    // The next window: the automation's own task is not a touch, so still-untouched customers get one more.
    const next = await job.runOnce(new Date(now.getTime() + 30 * DAY));
    expect(next.windowStart).not.toBe(first.windowStart);
    expect(await followUpsOf(neverTouched)).toHaveLength(2);
    expect(await followUpsOf(lowTier)).toEqual([]);
  });

  it('validates its settings at boot, naming the variable', () => {
    const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/sales', KAFKA_BROKERS: 'localhost:9092' };
    const pathOf = (extra: Record<string, string>) => salesConfigSchema.safeParse({ ...base, ...extra }).error?.issues[0]?.path;
    expect(pathOf({ FOLLOW_UP_JOB_INTERVAL_MS: '0' })).toEqual(['FOLLOW_UP_JOB_INTERVAL_MS']);
    expect(pathOf({ FOLLOW_UP_JOB_INTERVAL_MS: 'hourly' })).toEqual(['FOLLOW_UP_JOB_INTERVAL_MS']);
    expect(pathOf({ FOLLOW_UP_STALE_DAYS: '0' })).toEqual(['FOLLOW_UP_STALE_DAYS']);
    expect(pathOf({ FOLLOW_UP_TOP_TIER: '6' })).toEqual(['FOLLOW_UP_TOP_TIER']);
    const ok = salesConfigSchema.parse(base);
    expect(ok).toMatchObject({
      FOLLOW_UP_JOB_ENABLED: true,
      FOLLOW_UP_JOB_INTERVAL_MS: 3_600_000,
      FOLLOW_UP_STALE_DAYS: 30,
      FOLLOW_UP_TOP_TIER: 1,
    });
  });

  it('cuts time into fixed N-day windows', () => {
    expect(followUpWindowStart(new Date('1970-01-01T00:00:00Z'), 30)).toBe('1970-01-01');
    expect(followUpWindowStart(new Date('1970-01-30T23:59:59Z'), 30)).toBe('1970-01-01');
    expect(followUpWindowStart(new Date('1970-01-31T00:00:00Z'), 30)).toBe('1970-01-31');
  });
});
