import { SYSTEM_IDENTITY } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { ADMIN } from '@crm/testing';
import { fewestStatements, readsOf, useTestSubgraph } from '@crm/subgraph-testing';
import { ActivityService } from '../src/activities/activity.service';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const ACTIVITY = `id type subject notes customerId contactId opportunityId ownerId dueAt remindAt
  completed completedAt completedBy createdBy automated`;

interface ActivityShape {
  id: string;
  type: string;
  customerId: string;
  contactId: string | null;
  opportunityId: string | null;
  ownerId: string | null;
  dueAt: string | null;
  completed: boolean;
  completedAt: string | null;
  completedBy: string | null;
}

describe('sales activities', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const { gql } = sales;
  let customerId: string;
  let contactId: string;
  let opportunityId: string;
  let otherContactId: string;

  const log = (i: Record<string, unknown>) =>
    gql<{ logActivity: ActivityShape }>(`mutation($i: LogActivityInput!) { logActivity(input: $i) { ${ACTIVITY} } }`, { i });
  const eventTypes = async (n: number) =>
    (await sales.sql<{ type: string }>('SELECT type FROM outbox ORDER BY seq DESC LIMIT $1', [n])).map((r) => r.type).reverse();
  const footprint = () => api.footprint(['activity']);

  beforeAll(async () => {
    customerId = await api.createCustomer('Activities Ltd');
    contactId = await api.addContact(customerId, 'Alice');
    opportunityId = (await api.createOpportunity({ customerId })).id;
    const otherCustomer = await api.createCustomer('Other Ltd');
    otherContactId = await api.addContact(otherCustomer, 'Bob');
  });

  it('logs a call against a contact on its customer, owned by the caller, and publishes it', async () => {
    const res = await log({ type: 'CALL', subject: ' Discovery call ', contactId, notes: 'Went well' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.logActivity).toMatchObject({
      type: 'CALL',
      subject: 'Discovery call',
      notes: 'Went well',
      customerId,
      contactId,
      opportunityId: null,
      ownerId: ADMIN.userId,
      createdBy: ADMIN.userId,
      completed: false,
      automated: false,
    });
    expect(await eventTypes(1)).toEqual(['crm.sales.activity.created.v1']);
  });

  it('logs a meeting on an opportunity and a contact of the same customer, with due and reminder times', async () => {
    const res = await log({
      type: 'MEETING',
      subject: 'Demo',
      opportunityId,
      contactId,
      dueAt: '2027-01-15T10:00:00Z',
      remindAt: '2027-01-15T09:30:00Z',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.logActivity).toMatchObject({
      customerId,
      contactId,
      opportunityId,
      dueAt: '2027-01-15T10:00:00.000Z',
      remindAt: '2027-01-15T09:30:00.000Z',
    });
  });

  it('logs an email already done as completed by the caller, publishing created and completed', async () => {
    const res = await log({ type: 'EMAIL', subject: 'Sent the proposal', customerId, completed: true });
    expect(res.data!.logActivity).toMatchObject({ completed: true, completedBy: ADMIN.userId });
    expect(res.data!.logActivity.completedAt).not.toBeNull();
    expect(await eventTypes(2)).toEqual(['crm.sales.activity.created.v1', 'crm.sales.activity.completed.v1']);
  });

  it('lists the activities of a contact and of an opportunity on them', async () => {
    const res = await api.ok<{ contact: { activities: { subject: string }[] }; opportunity: { activities: { subject: string }[] } }>(
      'query($c: ID!, $o: ID!) { contact(id: $c) { activities { subject } } opportunity(id: $o) { activities { subject } } }',
      { c: contactId, o: opportunityId },
    );
    expect(res.contact.activities.map((a) => a.subject)).toEqual(['Demo', 'Discovery call']);
    expect(res.opportunity.activities.map((a) => a.subject)).toEqual(['Demo']);
  });

  it.each([
    ['no target at all', { type: 'TASK', subject: 'x' }, 'customerId'],
    ['a contact of another customer', { type: 'TASK', subject: 'x', customerId: '$c', contactId: '$other' }, 'contactId'],
    ['an opportunity of another customer', { type: 'TASK', subject: 'x', contactId: '$other', opportunityId: '$opp' }, 'opportunityId'],
    [
      'a reminder after the due time',
      { type: 'TASK', subject: 'x', customerId: '$c', dueAt: '2027-01-01T10:00:00Z', remindAt: '2027-01-01T11:00:00Z' },
      'remindAt',
    ],
    ['a malformed due time', { type: 'TASK', subject: 'x', customerId: '$c', dueAt: 'next tuesday' }, 'dueAt'],
    ['an unknown type', { type: 'LUNCH', subject: 'x', customerId: '$c' }, 'type'],
    ['an empty subject', { type: 'TASK', subject: ' ', customerId: '$c' }, 'subject'],
    ['a malformed contact id', { type: 'TASK', subject: 'x', contactId: 'abc' }, 'contactId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, raw, field) => {
    const ids: Record<string, string> = { $c: customerId, $opp: opportunityId, $other: otherContactId };
    const i = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, ids[v] ?? v]));
    const before = await footprint();
    const res = await log(i);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await footprint()).toEqual(before);
  });

  it.each(['customerId', 'contactId', 'opportunityId'])('answers NOT_FOUND for an unknown %s, writing nothing', async (target) => {
    const before = await footprint();
    const res = await log({ type: 'TASK', subject: 'x', [target]: MISSING_ID });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await footprint()).toEqual(before);
  });

  it('updates, completes (who and when), reopens and deletes an activity, publishing each change once', async () => {
    const id = (await log({ type: 'TASK', subject: 'Send pricing', customerId })).data!.logActivity.id;
    const ownerId = '22222222-2222-4222-8222-222222222222';
    const updated = await gql<{ updateActivity: ActivityShape & { subject: string } }>(
      `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { ${ACTIVITY} } }`,
      { i: { id, subject: 'Send final pricing', ownerId, dueAt: '2027-02-01T12:00:00Z' } },
    );
    expect(updated.data!.updateActivity).toMatchObject({ subject: 'Send final pricing', ownerId, dueAt: '2027-02-01T12:00:00.000Z' });
    const [event] = await sales.sql<{ type: string; data: { changed: string[] } }>(
      'SELECT type, data FROM outbox ORDER BY seq DESC LIMIT 1',
    );
    expect(event).toMatchObject({ type: 'crm.sales.activity.updated.v1' });
    expect(event!.data.changed.sort()).toEqual(['dueAt', 'ownerId', 'subject']);

    const badReminder = await gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }`, {
      i: { id, remindAt: '2027-02-02T12:00:00Z' },
    });
    expect(badReminder.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'remindAt' });

    const complete = () =>
      gql<{ completeActivity: ActivityShape }>(`mutation($id: ID!) { completeActivity(id: $id) { ${ACTIVITY} } }`, { id });
    const done = (await complete()).data!.completeActivity;
    expect(done).toMatchObject({ completed: true, completedBy: ADMIN.userId });
    const outbox = await sales.count('outbox');
    expect((await complete()).data!.completeActivity).toEqual(done);
    expect(await sales.count('outbox')).toBe(outbox);

    const reopened = await gql<{ reopenActivity: ActivityShape }>(`mutation($id: ID!) { reopenActivity(id: $id) { ${ACTIVITY} } }`, { id });
    expect(reopened.data!.reopenActivity).toMatchObject({ completed: false, completedAt: null, completedBy: null });

    await gql('mutation($id: ID!) { deleteActivity(id: $id) { id } }', { id });
    expect(await eventTypes(4)).toEqual([
      'crm.sales.activity.updated.v1',
      'crm.sales.activity.completed.v1',
      'crm.sales.activity.reopened.v1',
      'crm.sales.activity.deleted.v1',
    ]);
    for (const op of ['completeActivity', 'reopenActivity', 'deleteActivity']) {
      const res = await gql(`mutation($id: ID!) { ${op}(id: $id) { id } }`, { id });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
    const res = await gql('query($id: ID!) { activity(id: $id) { id } }', { id });
    expect(res.data).toEqual({ activity: null });
  });

  it('lists with filters, sorts by due time (undated last) and pages with cursors', async () => {
    const listCustomer = await api.createCustomer('List Ltd');
    const due = ['2027-03-03T09:00:00Z', null, '2027-03-01T09:00:00Z', '2027-03-02T09:00:00Z', null];
    const ids: string[] = [];
    for (const [n, dueAt] of due.entries()) {
      const res = await log({ type: n % 2 ? 'CALL' : 'TASK', subject: `L${n}`, customerId: listCustomer, dueAt, completed: n === 3 });
      ids.push(res.data!.logActivity.id);
    }
    const page = async (args: Record<string, unknown>) => {
      const res = await gql<{
        activities: { edges: { node: { subject: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }>(
        `query($f: ActivityFilter, $s: ActivitySort, $first: Int, $after: String) {
          activities(filter: $f, sort: $s, first: $first, after: $after) { edges { node { subject } } pageInfo { hasNextPage endCursor } }
        }`,
        args,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.activities;
    };
    const all = async (f: Record<string, unknown>, s: string) => {
      const out: string[] = [];
      let after: string | undefined;
      for (;;) {
        const p = await page({ f: { customerId: listCustomer, ...f }, s, first: 2, after });
        out.push(...p.edges.map((e) => e.node.subject));
        if (!p.pageInfo.hasNextPage) return out;
        after = p.pageInfo.endCursor;
      }
    };
    const byDue = await all({}, 'DUE_AT_ASC');
    expect(byDue.slice(0, 3)).toEqual(['L2', 'L3', 'L0']);
    expect(byDue.slice(3).sort()).toEqual(['L1', 'L4']);
    expect(await all({}, 'CREATED_AT_DESC')).toEqual(['L4', 'L3', 'L2', 'L1', 'L0']);
    expect(await all({ completed: false, types: ['TASK'] }, 'DUE_AT_ASC')).toEqual(['L2', 'L0', 'L4']);
    expect(await all({ dueFrom: '2027-03-02T00:00:00Z', dueBefore: '2027-03-03T00:00:00Z' }, 'DUE_AT_ASC')).toEqual(['L3']);
    // Reminders due by a time: open ones only when asked with completed: false.
    await api.ok('mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }', {
      i: { id: ids[2], remindAt: '2027-02-28T09:00:00Z' },
    });
    await api.ok('mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id } }', {
      i: { id: ids[3], remindAt: '2027-02-28T09:00:00Z' },
    });
    expect(await all({ remindBy: '2027-02-28T09:00:00Z', completed: false }, 'DUE_AT_ASC')).toEqual(['L2']);
    expect(await all({ remindBy: '2027-02-28T08:59:59Z' }, 'DUE_AT_ASC')).toEqual([]);
  });

  it('resolves Customer.activities for 100 customers in as many SQL statements as for 10', async () => {
    const tag = 'activity-batch';
    for (let i = 0; i < 100; i++) {
      const { id } = await sales.ctx.newCustomer({ name: `Act batch ${i}`, tags: [tag] });
      await log({ type: 'TASK', subject: `Batch ${i}`, customerId: id });
    }
    const list = (first: number) =>
      fewestStatements(
        async () => {
          const res = await api.ok<{ customers: { edges: { node: { activities: { subject: string }[] } }[] } }>(
            'query($first: Int, $f: CustomerFilter) { customers(first: $first, filter: $f) { edges { node { id activities { id subject } } } } }',
            { first, f: { tag } },
          );
          expect(res.customers.edges).toHaveLength(first);
          expect(res.customers.edges.every((e) => e.node.activities.length === 1)).toBe(true);
        },
        readsOf('customer', 'activity'),
      );
    const { statements: forTen } = await list(10);
    const { statements: forHundred } = await list(100);
    expect(forHundred).toBe(forTen);
    expect(forTen).toBeLessThanOrEqual(2);
  });

  it('moves a merged customer’s activities to the survivor, keeping one follow-up per window', async () => {
    const loser = await api.createCustomer('Merge loser');
    const survivor = await api.createCustomer('Merge survivor');
    const call = (await log({ type: 'CALL', subject: 'Loser call', customerId: loser })).data!.logActivity.id;
    const loserFollowUp = (await log({ type: 'TASK', subject: 'Loser follow-up', customerId: loser })).data!.logActivity.id;
    const survivorFollowUp = (await log({ type: 'TASK', subject: 'Survivor follow-up', customerId: survivor })).data!.logActivity.id;
    await sales.sql(`UPDATE activity SET follow_up_window = '2026-11-03' WHERE id = ANY($1::uuid[])`, [[loserFollowUp, survivorFollowUp]]);

    const moved = await sales.app
      .get(UnitOfWork)
      .run(SYSTEM_IDENTITY, (tx) => sales.app.get(ActivityService).reassignCustomer(tx, loser, survivor));
    expect(moved.sort()).toEqual([call, loserFollowUp].sort());
    const rows = await sales.sql<{ id: string; customer_id: string; follow_up_window: string | null }>(
      "SELECT id, customer_id, to_char(follow_up_window, 'YYYY-MM-DD') AS follow_up_window FROM activity WHERE id = ANY($1::uuid[]) ORDER BY subject",
      [[call, loserFollowUp, survivorFollowUp]],
    );
    expect(rows).toEqual([
      { id: call, customer_id: survivor, follow_up_window: null },
      { id: loserFollowUp, customer_id: survivor, follow_up_window: null },
      { id: survivorFollowUp, customer_id: survivor, follow_up_window: '2026-11-03' },
    ]);
  });
});
