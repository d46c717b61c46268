import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { SignedLinks } from '@crm/auth';
import { ContactAdded } from '@crm/contracts';
import { startEventSender, startTestSubgraph, type EventSender, type TestSubgraph } from '@crm/subgraph-testing';
import { asCustomer, decodeQuotedPrintable, eventually, startSmtpSink, type SmtpSink } from '@crm/testing';
import { CONTACT_EMAIL_GROUP_ID } from '../src/satisfaction/contact-email.consumer';
import { SurveySender, type SurveyLink } from '../src/satisfaction/survey-sender';
import { serviceSubgraph } from '../src/service.subgraph';
import { CaseSatisfactionRepository } from '../src/satisfaction/case-satisfaction.repository';
import { CaseSatisfactionService } from '../src/satisfaction/case-satisfaction.service';
import { SurveyMailJob } from '../src/satisfaction/survey-mail.job';
import { SMTPServer } from 'smtp-server';

const SECRET = 'satisfaction-spec-secret-of-at-least-32-chars';

/** Sales' event adding the contact with its address, awaited until service has applied it. */
async function contactAdded(
  service: TestSubgraph,
  events: EventSender,
  customerId: string,
  contactId: string,
  fullName: string,
  email: string,
) {
  const added = await events.send(ContactAdded, { contactId, customerId, fullName, email, createdAt: new Date().toISOString() });
  await eventually(async () =>
    expect(await service.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [CONTACT_EMAIL_GROUP_ID, added])).toHaveLength(1),
  );
}

/**
 * CSAT through the service subgraph: resolving a case mails its contact (at the address sales'
 * contact events gave, through the SMTP relay) a signed link to the console's survey page; the answer's public endpoint (POST /csat/<token>, which the gateway forwards) takes one answer per
 * case, shows it on the case and publishes case.csat-submitted; anything forged, altered, expired
 * or malformed is refused naming what was wrong, and writes nothing.
 */
describe('service: satisfaction surveys (CSAT)', () => {
  let service: TestSubgraph;
  let events: EventSender;
  let sink: SmtpSink;
  let origin: string;
  const sent: SurveyLink[] = [];
  const [customerId, contactId] = [randomUUID(), randomUUID()];
  const contact = () => service.gqlAs(asCustomer(customerId, contactId));

  const openAsContact = async (subject: string) => {
    const res = await contact()<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { customerId, subject, priority: 'MEDIUM' },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.openCase.id;
  };
  const move = async (caseId: string, status: string) => {
    const res = await service.gql('mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { status } }', {
      i: { caseId, status },
    });
    expect(res.errors).toBeUndefined();
  };
  const satisfactionOf = async (caseId: string) =>
    (
      await service.gql<{ case: { satisfaction: Record<string, unknown> | null } }>(
        'query($id: ID!) { case(id: $id) { satisfaction { sentAt expiresAt score comment answeredAt } } }',
        { id: caseId },
      )
    ).data!.case.satisfaction;
  const post = async (token: string, body: unknown) => {
    const res = await fetch(`${origin}/csat/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const writes = async () =>
    JSON.stringify(
      await service.sql(
        `SELECT (SELECT count(*) FROM case_satisfaction WHERE answered_at IS NOT NULL) AS answers, (SELECT count(*) FROM outbox) AS events`,
      ),
    );
  const tokenOf = (link: SurveyLink) => link.url.split('/portal/survey/')[1]!;

  beforeAll(async () => {
    sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'crm-survey-mail-')) });
    service = await startTestSubgraph(serviceSubgraph, {
      env: { CSAT_SECRET: SECRET, PUBLIC_URL: 'https://crm.example.com', SMTP_URL: sink.url, EMAIL_FROM: 'Support <help@example.com>' },
    });
    service.customers.add(customerId);
    origin = service.url.replace(/\/graphql$/, '');
    // The contact's address, as sales publishes it.
    events = await startEventSender(service.brokers);
    await contactAdded(service, events, customerId, contactId, 'Pat Doe', 'pat@example.com');
    // Each link is recorded as it goes out, and still goes out.
    const sender = service.app.get(SurveySender);
    const send = sender.send.bind(sender);
    jest.spyOn(sender, 'send').mockImplementation((link) => {
      sent.push(link);
      return send(link);
    });
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
    await sink?.close();
  });
  beforeEach(() => (sent.length = 0));

  it('sends the contact a signed link when the case is resolved, once, and takes one answer that shows on the case', async () => {
    const caseId = await openAsContact('Printer jams');
    expect(await satisfactionOf(caseId)).toBeNull();
    await move(caseId, 'RESOLVED');
    // Mailed right after the resolution commits, without holding up the mutation.
    await eventually(async () => expect(sent).toHaveLength(1));
    expect(sent).toEqual([
      {
        caseId,
        subject: 'Printer jams',
        contactId,
        email: 'pat@example.com',
        // The console's survey page, which a click opens (it posts to /csat/<token>), not the POST endpoint itself.
        url: expect.stringMatching(/^https:\/\/crm\.example\.com\/portal\/survey\/[\w-]+\.[\w-]+$/),
        expiresAt: expect.any(Date),
      },
    ]);
    // Mailed to the contact through the SMTP relay, with the link to the survey page.
    const mail = await eventually(async () => {
      const found = sink.messages().find((m) => m.messageId === `<survey-${caseId}@crm.service>`);
      expect(found).toBeDefined();
      return found!;
    });
    expect(mail).toMatchObject({ to: 'pat@example.com', subject: 'How did we do? Printer jams' });
    const body = decodeQuotedPrintable(mail.raw);
    expect(body).toContain(sent[0]!.url);
    expect(body).toMatch(/^From: Support <help@example\.com>/m);
    const survey = await satisfactionOf(caseId);
    expect(survey).toMatchObject({ score: null, comment: null, answeredAt: null });
    expect(new Date(survey!.expiresAt as string).getTime() - new Date(survey!.sentAt as string).getTime()).toBe(30 * 24 * 3600 * 1000);

    // Reopened and resolved again: the same survey, no second link.
    const link = sent[0]!;
    await move(caseId, 'OPEN');
    await move(caseId, 'RESOLVED');
    expect(sent).toHaveLength(1);
    expect(sink.accepted()).toBe(1);

    const answered = await post(tokenOf(link), { score: 4, comment: '  Fixed quickly  ' });
    expect(answered).toEqual({ status: 201, body: { caseId, score: 4, answeredAt: expect.any(String) } });
    expect(await satisfactionOf(caseId)).toMatchObject({ score: 4, comment: 'Fixed quickly', answeredAt: expect.any(String) });
    const events = await service.sql<{ type: string; data: Record<string, unknown> }>(
      "SELECT type, data FROM outbox WHERE type = 'crm.service.case.csat-submitted.v1' AND data->>'caseId' = $1",
      [caseId],
    );
    expect(events).toEqual([
      {
        type: 'crm.service.case.csat-submitted.v1',
        data: { caseId, customerId, subject: 'Printer jams', productId: null, score: 4, hasComment: true, answeredAt: expect.any(String) },
      },
    ]);

    // The contact sees its answer at the portal too.
    const mine = await contact()<{ case: { satisfaction: { score: number } } }>(
      'query($id: ID!) { case(id: $id) { satisfaction { score } } }',
      {
        id: caseId,
      },
    );
    expect(mine.data!.case.satisfaction).toEqual({ score: 4 });

    // A second answer is a conflict and changes nothing.
    const before = await writes();
    const again = await post(tokenOf(link), { score: 1 });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      errors: [
        { message: expect.stringMatching(/answered already/), extensions: expect.objectContaining({ code: 'CONFLICT', field: 'token' }) },
      ],
    });
    expect(await writes()).toBe(before);
    expect(await satisfactionOf(caseId)).toMatchObject({ score: 4 });
  });

  it('sends nothing for a case without a contact', async () => {
    const res = await service.gql<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { customerId, subject: 'Nobody to ask', priority: 'LOW' },
    });
    await move(res.data!.openCase.id, 'RESOLVED');
    expect(sent).toEqual([]);
    expect(await satisfactionOf(res.data!.openCase.id)).toBeNull();
  });

  describe('refuses, writing nothing', () => {
    let token: string;
    let caseId: string;
    beforeAll(async () => {
      caseId = await openAsContact('Screen flickers');
      await move(caseId, 'RESOLVED');
      await eventually(async () => expect(sent).toHaveLength(1));
      token = tokenOf(sent[0]!);
    });

    it.each([
      [
        'a token signed with another secret',
        () => new SignedLinks('some-other-secret-of-at-least-32-chars').sign([caseId], new Date(Date.now() + 60_000)),
        'token',
      ],
      [
        'a token naming another case',
        () => `${Buffer.from(`${randomUUID()}:${Math.floor(Date.now() / 1000) + 60}`).toString('base64url')}.${token.split('.')[1]}`,
        'token',
      ],
      ['a truncated token', () => token.slice(0, -2), 'token'],
      ['garbage', () => 'not-a-token', 'token'],
      ['an expired token', () => new SignedLinks(SECRET).sign([caseId], new Date(Date.now() - 1000)), 'token'],
    ])('%s: 400 on token', async (_what, forge, field) => {
      const before = await writes();
      const res = await post(forge(), { score: 5 });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [{ message: expect.any(String), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }],
      });
      expect(await writes()).toBe(before);
    });

    it.each([
      ['a score of 0', { score: 0 }, 'score'],
      ['a score of 6', { score: 6 }, 'score'],
      ['a fractional score', { score: 3.5 }, 'score'],
      ['a score as text', { score: '5' }, 'score'],
      ['no score', { comment: 'great' }, 'score'],
      ['a comment that is not text', { score: 5, comment: 42 }, 'comment'],
      ['a comment over 2,000 characters', { score: 5, comment: 'x'.repeat(2001) }, 'comment'],
      ['an array', [5], 'body'],
      ['a bare number', '5', 'body'],
      ['JSON that does not parse', '{"score":', 'body'],
    ])('%s: 400 naming the field', async (_what, body, field) => {
      const before = await writes();
      const res = await post(token, body);
      expect(res.status).toBe(400);
      expect((res.body.errors as { extensions: { code: string; field: string } }[])[0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
      expect(await writes()).toBe(before);
      expect(await satisfactionOf(caseId)).toMatchObject({ score: null });
    });
  });
});

/**
 * Survey mail is not lost when the relay refuses it: the survey stays due and the mail job sends it
 * after a pause, once, however often and however concurrently it runs.
 */
describe('service: survey mail the relay refused is sent again, once', () => {
  let service: TestSubgraph;
  let events: EventSender;
  let relay: SMTPServer;
  const attempts: string[] = [];
  const delivered: string[] = [];
  const [customerId, contactId] = [randomUUID(), randomUUID()];
  const RETRY_MS = 60_000;

  beforeAll(async () => {
    // Refuses each recipient's first attempt with a temporary failure, as a greylisting relay does.
    relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        attempts.push(address.address);
        // Greylists every address but one, whose case below is about what happens after the relay took a mail.
        if (address.address !== 'taken@example.com' && attempts.filter((a) => a === address.address).length === 1) {
          return callback(Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          delivered.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.server.address() as AddressInfo;
    service = await startTestSubgraph(serviceSubgraph, {
      env: {
        CSAT_SECRET: SECRET,
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        SURVEY_MAIL_ENABLED: 'false',
        SURVEY_MAIL_RETRY_MS: String(RETRY_MS),
        SLA_WATCH_ENABLED: 'false',
      },
    });
    service.customers.add(customerId);
    events = await startEventSender(service.brokers);
    await contactAdded(service, events, customerId, contactId, 'Sam Roe', 'sam@example.com');
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  });

  const mailState = async (caseId: string) =>
    (
      await service.sql<{ mail_attempts: number; next_mail_at: Date | null; mailed_at: Date | null }>(
        'SELECT mail_attempts, next_mail_at, mailed_at FROM case_satisfaction WHERE case_id = $1',
        [caseId],
      )
    )[0]!;

  it('keeps a refused survey due, sends it after the pause, and never twice', async () => {
    const opened = await service.gqlAs(asCustomer(customerId, contactId))<{ openCase: { id: string } }>(
      'mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }',
      { i: { customerId, subject: 'Router blinks', priority: 'LOW' } },
    );
    const caseId = opened.data!.openCase.id;
    const resolvedAt = Date.now();
    const resolved = await service.gql('mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { status } }', {
      i: { caseId, status: 'RESOLVED' },
    });
    expect(resolved.errors).toBeUndefined();

    // The send right after the resolution was refused: still due, a minute on.
    await eventually(async () => expect((await mailState(caseId)).mail_attempts).toBe(1));
    const refused = await mailState(caseId);
    expect(attempts).toEqual(['sam@example.com']);
    expect(delivered).toEqual([]);
    expect(refused.mailed_at).toBeNull();
    expect(refused.next_mail_at!.getTime()).toBeGreaterThanOrEqual(resolvedAt + RETRY_MS);

    const satisfaction = service.app.get(CaseSatisfactionService);
    const job = service.app.get(SurveyMailJob);
    // Not due yet: the job leaves it.
    expect(await job.runOnce(new Date(refused.next_mail_at!.getTime() - 1000))).toBe(0);
    expect(attempts).toHaveLength(1);

    // Due: two runs at once (two instances) send it once between them.
    const due = new Date(refused.next_mail_at!.getTime() + 1000);
    const runs = await Promise.all([satisfaction.mailDue(due), satisfaction.mailDue(due)]);
    expect(runs.sort()).toEqual([0, 1]);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toContain(`Message-ID: <survey-${caseId}@crm.service>`);
    expect(decodeQuotedPrintable(delivered[0]!)).toMatch(/\/portal\/survey\/[\w-]+\.[\w-]+/);
    const mailed = await mailState(caseId);
    expect(mailed).toMatchObject({ mail_attempts: 2, next_mail_at: null });
    expect(mailed.mailed_at).not.toBeNull();

    // Sent: later runs send nothing more.
    expect(await job.runOnce(new Date(due.getTime() + 24 * 3600 * 1000))).toBe(0);
    expect(delivered).toHaveLength(1);
    expect(attempts).toHaveLength(2);
  });

  it('sends again only the survey whose mark failed, never one a run already marked sent', async () => {
    const takenContact = randomUUID();
    await contactAdded(service, events, customerId, takenContact, 'Tam Ray', 'taken@example.com');
    const satisfaction = service.app.get(CaseSatisfactionService);
    const repository = service.app.get(CaseSatisfactionRepository);
    // Two surveys due at once: the send right after each resolution is held back, so one run takes both.
    const held = jest.spyOn(satisfaction, 'send').mockImplementation(() => undefined);
    const caseIds: string[] = [];
    try {
      for (const subject of ['Fan noise', 'Screen flickers']) {
        const opened = await service.gqlAs(asCustomer(customerId, takenContact))<{ openCase: { id: string } }>(
          'mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }',
          { i: { customerId, subject, priority: 'LOW' } },
        );
        caseIds.push(opened.data!.openCase.id);
        const resolved = await service.gql('mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { status } }', {
          i: { caseId: opened.data!.openCase.id, status: 'RESOLVED' },
        });
        expect(resolved.errors).toBeUndefined();
      }
    } finally {
      held.mockRestore();
    }
    const [first, second] = caseIds as [string, string];
    const deliveredTo = (caseId: string) => delivered.filter((m) => m.includes(`Message-ID: <survey-${caseId}@crm.service>`)).length;

    // The relay takes both mails, but marking the second as sent fails (the database went away mid-run).
    const mark = repository.mailed.bind(repository);
    const failing = jest.spyOn(repository, 'mailed').mockImplementation(async (tx, caseId, at) => {
      if (caseId === second) throw new Error('connection terminated');
      return mark(tx, caseId, at);
    });
    const due = new Date(Date.now() + 1000);
    try {
      await expect(satisfaction.mailDue(due)).rejects.toThrow('connection terminated');
    } finally {
      failing.mockRestore();
    }
    expect([deliveredTo(first), deliveredTo(second)]).toEqual([1, 1]);
    expect(await mailState(first)).toMatchObject({ mail_attempts: 1, next_mail_at: null, mailed_at: expect.any(Date) });
    expect(await mailState(second)).toMatchObject({ mail_attempts: 0, mailed_at: null });

    // The next run sends only the survey whose mark was lost, with the same Message-ID (the receiving side can drop it).
    expect(await satisfaction.mailDue(due)).toBe(1);
    expect([deliveredTo(first), deliveredTo(second)]).toEqual([1, 2]);
    expect(await mailState(second)).toMatchObject({ mail_attempts: 1, next_mail_at: null, mailed_at: expect.any(Date) });
    expect(await satisfaction.mailDue(new Date(due.getTime() + 24 * 3600 * 1000))).toBe(0);
    expect([deliveredTo(first), deliveredTo(second)]).toEqual([1, 2]);
  });
});
