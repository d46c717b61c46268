import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  ActivityCompleted,
  ActivityCreated,
  ActivityUpdated,
  CaseAssigned,
  ChurnRiskRaised,
  CustomerCreated,
  CustomerUpdatedV2,
  DealRegistrationSubmitted,
  NoteCreated,
  PartnerCreated,
  PartnerUpdatedV2,
  TeamMembersChanged,
  UserCreated,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import { decodeQuotedPrintable, eventually, itPagesWithCursors } from '@crm/testing';
import { SMTPServer } from 'smtp-server';
import { customerSnapshot, startTestSubgraph, type EventSender, type TestSubgraph } from '@crm/subgraph-testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { NOTIFICATIONS_GROUP_ID } from '../src/notifications/notifications.consumer';
import { ActivityDueJob } from '../src/notifications/activity-due.job';
import { NotificationRepository } from '../src/notifications/notification.repository';
import { NotificationDigestJob } from '../src/notifications/notification-digest.job';
import { NotificationDigestService } from '../src/notifications/notification-digest.service';

const ids = {
  author: randomUUID(),
  alice: randomUUID(),
  bob: randomUUID(),
  carol: randomUUID(),
  team: randomUUID(),
  customer: randomUUID(),
  pager: randomUUID(),
  manager: randomUUID(),
  dave: randomUUID(),
  erin: randomUUID(),
  partner: randomUUID(),
};
const as = (userId: string) => ({ roles: ['sales' as const], userId });
const DAY = 86_400_000;
const DIGEST_RETRY_MS = 60_000;
const NODE = 'id kind recordType recordId customerId summary read readAt';

interface NotificationShape {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  summary: string;
  read: boolean;
}

describe('notifications', () => {
  let analytics: TestSubgraph;
  let events: EventSender;
  // The SMTP relay the digest goes through: it refuses the addresses in `refusing` (a temporary failure), and keeps the rest.
  let relay: SMTPServer;
  const refusing = new Set<string>();
  const mail: { to: string; raw: string }[] = [];

  const inbox = async (userId: string, unreadOnly = false) => {
    const res = await analytics.gqlAs(as(userId))<{
      myNotifications: { edges: { node: NotificationShape }[] };
      unreadNotificationCount: number;
    }>(`query($u: Boolean) { myNotifications(first: 50, unreadOnly: $u) { edges { node { ${NODE} } } } unreadNotificationCount }`, {
      u: unreadOnly,
    });
    expect(res.errors).toBeUndefined();
    return { list: res.data!.myNotifications.edges.map((e) => e.node), unread: res.data!.unreadNotificationCount };
  };
  const processed = async (eventId: string) =>
    eventually(async () => {
      const rows = await analytics.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [NOTIFICATIONS_GROUP_ID, eventId]);
      expect(rows).toHaveLength(1);
    });
  /** Sends an event and waits until the consumer applied it. */
  const applied = async <C extends EventContract>(contract: C, data: PayloadOf<C>, opts?: { id?: string; time?: string }) => {
    const id = await events.send(contract, data, opts);
    await processed(id);
    return id;
  };
  const note = (mentions: { users?: string[]; teams?: string[] }) => ({
    noteId: randomUUID(),
    recordType: 'CUSTOMER' as const,
    recordId: ids.customer,
    customerId: ids.customer,
    authorId: ids.author,
    mentionedUserIds: mentions.users ?? [],
    mentionedTeamIds: mentions.teams ?? [],
    createdAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refusing.has(address.address))
          return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 450 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          for (const to of session.envelope.rcptTo)
            mail.push({ to: to.address, raw: decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    // The due-soon job and the digest run when a case calls them, at the time the case needs.
    analytics = await startTestSubgraph(analyticsSubgraph, {
      env: {
        ACTIVITY_DUE_SCAN_ENABLED: 'false',
        NOTIFICATION_DIGEST_ENABLED: 'false',
        NOTIFICATION_DIGEST_RETRY_MS: String(DIGEST_RETRY_MS),
        SMTP_URL: `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`,
        PUBLIC_URL: 'https://crm.example.com',
      },
    });
    events = analytics.events;
    await applied(TeamMembersChanged, {
      teamId: ids.team,
      added: [ids.alice, ids.bob, ids.author],
      removed: [],
      memberIds: [ids.alice, ids.bob, ids.author],
      changedAt: new Date().toISOString(),
    });
  });

  afterAll(async () => {
    await analytics?.close();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  });

  it("tells each member of a mentioned team and each mentioned user, once, and not the note's author", async () => {
    const sent = Date.now();
    const eventId = await events.send(NoteCreated, note({ users: [ids.carol, ids.alice], teams: [ids.team] }));
    const arrived = await eventually(async () => {
      const { list } = await inbox(ids.bob);
      expect(list).toHaveLength(1);
      return Date.now();
    });
    console.log(`a team mention reached a member's inbox ${arrived - sent} ms after its event was sent`);
    await processed(eventId);
    expect((await inbox(ids.bob)).list[0]).toMatchObject({
      kind: 'TEAM_MENTIONED',
      recordType: 'CUSTOMER',
      recordId: ids.customer,
      summary: 'Your team was mentioned in a note on a customer',
      read: false,
    });
    // Alice is mentioned herself and through her team: told once, as herself.
    expect((await inbox(ids.alice)).list.map((n) => n.kind)).toEqual(['MENTIONED']);
    expect((await inbox(ids.carol)).list.map((n) => n.kind)).toEqual(['MENTIONED']);
    expect((await inbox(ids.author)).list).toEqual([]);

    // Redelivered, the event changes nothing; the next note on the same customer (same partition) shows it was passed.
    await events.send(NoteCreated, note({ users: [ids.carol] }), { id: eventId });
    await applied(NoteCreated, note({ users: [randomUUID()] }));
    expect((await inbox(ids.carol)).list).toHaveLength(1);
  });

  const caseAssigned = (assigneeId: string, subject: string) => ({
    caseId: randomUUID(),
    customerId: ids.customer,
    subject,
    productId: null,
    assigneeId,
    previousAssigneeId: null,
    queueId: null,
    assignedAt: new Date().toISOString(),
  });

  it('tells the user a case is assigned to', async () => {
    const data = caseAssigned(ids.bob, 'Printer on fire');
    await applied(CaseAssigned, data);
    expect((await inbox(ids.bob)).list[0]).toMatchObject({
      kind: 'ASSIGNED',
      recordType: 'CASE',
      recordId: data.caseId,
      summary: 'Case "Printer on fire" was assigned to you',
    });
  });

  it('marks read only for its recipient: another user’s notification answers as missing', async () => {
    const { list, unread } = await inbox(ids.bob);
    expect(unread).toBe(2);
    const [first] = list;
    const foreign = await analytics.gqlAs(as(ids.carol))('mutation($id: ID!) { markNotificationRead(id: $id) { id } }', { id: first!.id });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await inbox(ids.bob)).unread).toBe(2);

    const own = await analytics.gqlAs(as(ids.bob))<{ markNotificationRead: NotificationShape }>(
      `mutation($id: ID!) { markNotificationRead(id: $id) { ${NODE} } }`,
      { id: first!.id },
    );
    expect(own.data!.markNotificationRead).toMatchObject({ id: first!.id, read: true });
    expect((await inbox(ids.bob, true)).list.map((n) => n.id)).toEqual([list[1]!.id]);

    const all = await analytics.gqlAs(as(ids.bob))<{ markAllNotificationsRead: number }>('mutation { markAllNotificationsRead }');
    expect(all.data!.markAllNotificationsRead).toBe(1);
    expect(await inbox(ids.bob)).toMatchObject({ unread: 0, list: [{ read: true }, { read: true }] });
  });

  it('makes no in-app notification of a kind its user turned off, and keeps the digest choice', async () => {
    const set = await analytics.gqlAs(as(ids.carol))<{ setNotificationPreference: unknown }>(
      'mutation { setNotificationPreference(input: { kind: MENTIONED, inApp: false, emailDigest: true }) { kind inApp emailDigest } }',
    );
    expect(set.data!.setNotificationPreference).toEqual({ kind: 'MENTIONED', inApp: false, emailDigest: true });
    const prefs = await analytics.gqlAs(as(ids.carol))<{ notificationPreferences: { kind: string; inApp: boolean }[] }>(
      '{ notificationPreferences { kind inApp emailDigest } }',
    );
    expect(prefs.data!.notificationPreferences).toEqual([
      { kind: 'MENTIONED', inApp: false, emailDigest: true },
      { kind: 'TEAM_MENTIONED', inApp: true, emailDigest: false },
      { kind: 'ASSIGNED', inApp: true, emailDigest: false },
      { kind: 'SLA_BREACHED', inApp: true, emailDigest: false },
      { kind: 'DEAL_REGISTRATION_SUBMITTED', inApp: true, emailDigest: false },
      { kind: 'CHURN_RISK_RAISED', inApp: true, emailDigest: false },
      { kind: 'ACTIVITY_DUE_SOON', inApp: true, emailDigest: false },
    ]);
    await applied(NoteCreated, note({ users: [ids.carol, ids.bob] }));
    expect((await inbox(ids.carol)).list).toHaveLength(1);
    expect((await inbox(ids.bob)).list[0]).toMatchObject({ kind: 'MENTIONED', read: false });
  });

  const registration = (companyName: string) => ({
    registrationId: randomUUID(),
    partnerId: ids.partner,
    companyName,
    domain: `${companyName.toLowerCase()}.example`,
    customerId: null,
    productInterest: 'Widgets',
    estimatedAmount: { amount: '1000.00', currency: 'EUR' },
    expectedClose: '2031-06-30',
    submittedAt: new Date().toISOString(),
  });
  const setPreference = async (userId: string, kind: string, inApp: boolean) => {
    const res = await analytics.gqlAs(as(userId))(
      `mutation { setNotificationPreference(input: { kind: ${kind}, inApp: ${inApp}, emailDigest: false }) { kind } }`,
    );
    expect(res.errors).toBeUndefined();
  };

  it("tells the partner's channel manager, and only them, of a deal registration waiting for approval; their preference turns it off", async () => {
    // The manager is known from the partner's creation; a later update moves the queue to someone else.
    await applied(PartnerCreated, {
      partnerId: ids.partner,
      name: 'Resell Co',
      createdAt: new Date().toISOString(),
      channelManagerId: ids.manager,
    });
    const before = { alice: (await inbox(ids.alice)).list.length, carol: (await inbox(ids.carol)).list.length };
    const data = registration('Acme');
    const sent = Date.now();
    await events.send(DealRegistrationSubmitted, data);
    const arrived = await eventually(async () => {
      expect((await inbox(ids.manager)).list).toHaveLength(1);
      return Date.now();
    });
    console.log(`a deal registration reached its channel manager ${arrived - sent} ms after its event was sent`);
    expect((await inbox(ids.manager)).list[0]).toMatchObject({
      kind: 'DEAL_REGISTRATION_SUBMITTED',
      recordType: 'DEAL_REGISTRATION',
      recordId: data.registrationId,
      summary: 'Acme (acme.example) was registered as a deal by a partner of yours and waits for your approval',
      read: false,
    });
    expect((await inbox(ids.alice)).list).toHaveLength(before.alice);
    expect((await inbox(ids.carol)).list).toHaveLength(before.carol);

    await applied(PartnerUpdatedV2, {
      partnerId: ids.partner,
      changes: [{ field: 'channelManagerId', old: ids.manager, new: ids.carol }],
      name: 'Resell Co',
      kind: 'RESELLER',
      tier: 'GOLD',
      territory: ['DE'],
      channelManagerId: ids.carol,
      updatedBy: ids.author,
      updatedAt: new Date().toISOString(),
    });
    await applied(DealRegistrationSubmitted, registration('Globex'));
    expect((await inbox(ids.carol)).list[0]).toMatchObject({
      kind: 'DEAL_REGISTRATION_SUBMITTED',
      summary: expect.stringContaining('Globex'),
    });
    expect((await inbox(ids.manager)).list).toHaveLength(1);

    await setPreference(ids.carol, 'DEAL_REGISTRATION_SUBMITTED', false);
    await applied(DealRegistrationSubmitted, registration('Initech'));
    expect((await inbox(ids.carol)).list.filter((n) => n.kind === 'DEAL_REGISTRATION_SUBMITTED')).toHaveLength(1);
    await setPreference(ids.carol, 'DEAL_REGISTRATION_SUBMITTED', true);
  });

  it("tells a customer's owner, and only them, that its churn risk was raised; their preference turns it off", async () => {
    const customerId = randomUUID();
    const snapshot = customerSnapshot({ name: 'Wayne Corp', domain: 'wayne.example', tier: 1, ownerId: ids.bob });
    const raised = () => ({
      customerId,
      score: '0.6500',
      threshold: '0.5000',
      reasons: [
        { factor: 'OPEN_URGENT_CASES' as const, weight: '0.2000', signal: '1.0000', contribution: '0.2000', detail: '2 open urgent cases' },
        { factor: 'INACTIVITY' as const, weight: '0.5000', signal: '0.9000', contribution: '0.4500', detail: 'no touchpoint for 81 days' },
      ],
      scoredAt: new Date().toISOString(),
    });
    await applied(CustomerCreated, {
      customerId,
      name: 'Wayne Corp',
      kind: 'COMPANY',
      createdAt: new Date().toISOString(),
      customer: snapshot,
    });
    const before = { alice: (await inbox(ids.alice)).list.length, carol: (await inbox(ids.carol)).list.length };
    const sent = Date.now();
    await events.send(ChurnRiskRaised, raised());
    const arrived = await eventually(async () => {
      expect((await inbox(ids.bob)).list[0]).toMatchObject({ kind: 'CHURN_RISK_RAISED' });
      return Date.now();
    });
    console.log(`a churn-risk alert reached the customer's owner ${arrived - sent} ms after its event was sent`);
    expect((await inbox(ids.bob)).list[0]).toMatchObject({
      recordType: 'CUSTOMER',
      recordId: customerId,
      customerId,
      summary: 'Churn risk of a customer of yours rose to 0.6500 (threshold 0.5000): no touchpoint for 81 days',
      read: false,
    });
    expect((await inbox(ids.alice)).list).toHaveLength(before.alice);
    expect((await inbox(ids.carol)).list).toHaveLength(before.carol);

    // The customer changes hands: the next alert is the new owner's.
    await applied(CustomerUpdatedV2, {
      customerId,
      changes: [{ field: 'ownerId', old: ids.bob, new: ids.alice }],
      customer: { ...snapshot, ownerId: ids.alice },
      updatedBy: ids.author,
      updatedAt: new Date().toISOString(),
    });
    await applied(ChurnRiskRaised, raised());
    expect((await inbox(ids.alice)).list[0]).toMatchObject({ kind: 'CHURN_RISK_RAISED', recordId: customerId });
    const churnAlerts = async (userId: string) => (await inbox(userId)).list.filter((n) => n.kind === 'CHURN_RISK_RAISED');
    expect(await churnAlerts(ids.bob)).toHaveLength(1);

    await setPreference(ids.alice, 'CHURN_RISK_RAISED', false);
    await applied(ChurnRiskRaised, raised());
    expect(await churnAlerts(ids.alice)).toHaveLength(1);
    await setPreference(ids.alice, 'CHURN_RISK_RAISED', true);
  });

  it("tells an activity's owner once when it is due within the hour; moving or completing it cancels the notice", async () => {
    const HOUR = 3_600_000;
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const activity = (ownerId: string, subject: string, dueAt: string) => ({
      activityId: randomUUID(),
      customerId: ids.customer,
      contactId: null,
      opportunityId: null,
      type: 'CALL' as const,
      subject,
      ownerId,
      dueAt,
      remindAt: null,
    });
    const created = { automated: false, createdBy: ids.author, createdAt: now.toISOString() };
    const dueSoon = async (userId: string) => (await inbox(userId)).list.filter((n) => n.kind === 'ACTIVITY_DUE_SOON');
    const call = activity(ids.dave, 'Call back', at(HOUR / 2));
    const later = activity(ids.erin, 'Quarterly review', at(3 * HOUR));
    await applied(ActivityCreated, { ...call, ...created });
    await applied(ActivityCreated, { ...later, ...created });

    // Two runs at once (two instances) tell the owner once; a run after that adds nothing.
    const repository = analytics.app.get(NotificationRepository);
    const runs = await Promise.all([repository.notifyDueSoon(now, HOUR), repository.notifyDueSoon(now, HOUR)]);
    expect(runs[0] + runs[1]).toBe(1);
    const job = analytics.app.get(ActivityDueJob);
    expect(await job.runOnce(now)).toBe(0);
    expect(await dueSoon(ids.dave)).toEqual([
      expect.objectContaining({
        recordType: 'ACTIVITY',
        recordId: call.activityId,
        summary: `Call "Call back" is due at ${at(HOUR / 2)
          .slice(0, 16)
          .replace('T', ' ')} UTC`,
      }),
    ]);
    // Three hours away is not soon; nobody else is told.
    expect(await dueSoon(ids.erin)).toEqual([]);
    expect(await dueSoon(ids.alice)).toEqual([]);

    // Moved, the old notice goes and the new time is told once it is near.
    await applied(ActivityUpdated, { ...call, dueAt: at(HOUR + HOUR / 2), changed: ['dueAt'], updatedAt: now.toISOString() });
    expect(await dueSoon(ids.dave)).toEqual([]);
    expect(await job.runOnce(now)).toBe(0);
    expect(await job.runOnce(new Date(now.getTime() + HOUR))).toBe(1);
    expect((await dueSoon(ids.dave)).map((n) => n.summary)).toEqual([
      `Call "Call back" is due at ${at(HOUR + HOUR / 2)
        .slice(0, 16)
        .replace('T', ' ')} UTC`,
    ]);

    // Completed, it is due no more: its notice goes and no run brings it back.
    await applied(ActivityCompleted, { ...call, dueAt: at(HOUR + HOUR / 2), completedBy: ids.dave, completedAt: now.toISOString() });
    expect(await dueSoon(ids.dave)).toEqual([]);
    expect(await job.runOnce(new Date(now.getTime() + HOUR + 1000))).toBe(0);

    // Turned off in the app, an owner is not told.
    await setPreference(ids.erin, 'ACTIVITY_DUE_SOON', false);
    expect(await job.runOnce(new Date(now.getTime() + 2 * HOUR + HOUR / 2))).toBe(0);
    expect(await dueSoon(ids.erin)).toEqual([]);
  });

  it('refuses a bad preference kind and a malformed id by the argument', async () => {
    const kind = await analytics.gqlAs(as(ids.carol))(
      'mutation { setNotificationPreference(input: { kind: NOPE, inApp: true, emailDigest: false }) { kind } }',
    );
    expect(kind.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const id = await analytics.gqlAs(as(ids.carol))('mutation { markNotificationRead(id: "x") { id } }');
    expect(id.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  describe('email digest', () => {
    const digest = () => analytics.app.get(NotificationDigestJob);
    /** A user sales' events made known to analytics, with an address (the warehouse's owner directory). */
    const knownUser = async (name: string) => {
      const userId = randomUUID();
      const email = `${name.toLowerCase()}-${userId.slice(0, 8)}@example.com`;
      await events.send(UserCreated, {
        userId,
        name,
        email,
        title: null,
        timeZone: null,
        active: true,
        managerId: null,
        regionalOffice: null,
        origin: 'ADMIN',
        createdAt: new Date().toISOString(),
      });
      await eventually(async () =>
        expect(await analytics.sql('SELECT email FROM warehouse.dim_owner WHERE owner_id = $1', [userId])).toEqual([{ email }]),
      );
      return { userId, email };
    };
    const digestOn = async (userId: string, kind: string) => {
      const res = await analytics.gqlAs(as(userId))(
        `mutation { setNotificationPreference(input: { kind: ${kind}, inApp: true, emailDigest: true }) { kind } }`,
      );
      expect(res.errors).toBeUndefined();
    };
    const mailTo = (email: string) => mail.filter((m) => m.to === email);
    /** The HTML part of a message, decoded. */
    const htmlOf = (raw: string) => raw.slice(raw.indexOf('Content-Type: text/html'));

    it('mails a user with the digest on for one kind exactly their unread notifications of that kind, escaped, and never twice', async () => {
      const dana = await knownUser('Dana');
      await digestOn(dana.userId, 'ASSIGNED');
      const hostile = caseAssigned(dana.userId, '<script>alert(1)</script> & co');
      const plain = caseAssigned(dana.userId, 'Broken hinge');
      const alreadyRead = caseAssigned(dana.userId, 'Read already');
      for (const c of [hostile, plain, alreadyRead]) await applied(CaseAssigned, c);
      // A kind not in her digest, and one she read before the digest ran: neither is mailed.
      await applied(NoteCreated, note({ users: [dana.userId] }));
      const { list } = await inbox(dana.userId);
      const read = list.find((n) => n.recordId === alreadyRead.caseId)!;
      expect(
        (await analytics.gqlAs(as(dana.userId))('mutation($id: ID!) { markNotificationRead(id: $id) { id } }', { id: read.id })).errors,
      ).toBeUndefined();

      const now = new Date();
      await digest().runOnce(now);
      const sent = mailTo(dana.email);
      expect(sent).toHaveLength(1);
      const listed = [...sent[0]!.raw.matchAll(/^- (.*)$/gm)].map((m) => m[1]);
      expect(listed.sort()).toEqual([
        'Case "<script>alert(1)</script> & co" was assigned to you',
        'Case "Broken hinge" was assigned to you',
      ]);
      expect(sent[0]!.raw).toContain(`https://crm.example.com/cases/${plain.caseId}`);
      const html = htmlOf(sent[0]!.raw);
      expect(html).toContain('Case &quot;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co&quot; was assigned to you');
      expect(html).not.toContain('<script>');

      // The next run, a digest interval on, has nothing new to tell her.
      await digest().runOnce(new Date(now.getTime() + DAY));
      expect(mailTo(dana.email)).toHaveLength(1);
      // A notification that arrives later is in the next digest, alone.
      const later = caseAssigned(dana.userId, 'Later one');
      await applied(CaseAssigned, later);
      await digest().runOnce(new Date(now.getTime() + 2 * DAY));
      expect(mailTo(dana.email)).toHaveLength(2);
      expect([...mailTo(dana.email)[1]!.raw.matchAll(/^- (.*)$/gm)].map((m) => m[1])).toEqual(['Case "Later one" was assigned to you']);
    });

    it('sends nothing to a user with the digest off', async () => {
      const eve = await knownUser('Eve');
      await applied(CaseAssigned, caseAssigned(eve.userId, 'Nobody mails this'));
      await digest().runOnce(new Date(Date.now() + 3 * DAY));
      expect(mailTo(eve.email)).toEqual([]);
      expect((await inbox(eve.userId)).unread).toBe(1);
    });

    it('keeps a digest the relay refused, sends it after the pause, and once', async () => {
      const finn = await knownUser('Finn');
      await digestOn(finn.userId, 'ASSIGNED');
      await applied(CaseAssigned, caseAssigned(finn.userId, 'Greylisted'));
      refusing.add(finn.email);
      const now = new Date(Date.now() + 4 * DAY);
      await digest().runOnce(now);
      expect(mailTo(finn.email)).toEqual([]);
      expect(
        await analytics.sql<{ attempts: number }>('SELECT attempts FROM notification_digest WHERE user_id = $1', [finn.userId]),
      ).toEqual([{ attempts: 1 }]);

      refusing.delete(finn.email);
      // Not due before the pause is over; then sent, and a run after that sends nothing more.
      await digest().runOnce(new Date(now.getTime() + DIGEST_RETRY_MS - 1000));
      expect(mailTo(finn.email)).toEqual([]);
      await digest().runOnce(new Date(now.getTime() + DIGEST_RETRY_MS));
      await digest().runOnce(new Date(now.getTime() + DIGEST_RETRY_MS + DAY));
      expect(mailTo(finn.email)).toHaveLength(1);
      expect(mailTo(finn.email)[0]!.raw).toContain('- Case "Greylisted" was assigned to you');
    });

    it('mails each user once when two runs claim at the same time', async () => {
      const gus = await knownUser('Gus');
      await digestOn(gus.userId, 'ASSIGNED');
      await applied(CaseAssigned, caseAssigned(gus.userId, 'Raced'));
      const now = new Date(Date.now() + 6 * DAY);
      // The job itself awaits a run in progress; the service is what two instances would run side by side.
      const service = analytics.app.get(NotificationDigestService);
      await Promise.all([service.sendDue(now), service.sendDue(now)]);
      expect(mailTo(gus.email)).toHaveLength(1);
    });
  });

  itPagesWithCursors({
    gql: () => analytics.gqlAs(as(ids.pager)),
    field: 'myNotifications',
    label: 'summary',
    seed: async () => {
      for (const [n, subject] of ['p1', 'p2', 'p3'].entries()) {
        await applied(CaseAssigned, caseAssigned(ids.pager, subject), { time: new Date(Date.now() + (n + 1) * 1000).toISOString() });
      }
    },
    orders: {
      NEWEST_FIRST: ['Case "p3" was assigned to you', 'Case "p2" was assigned to you', 'Case "p1" was assigned to you'],
    },
  });
});
