import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import {
  eventually,
  freePort,
  type GqlResponse,
  type ManagedProcess,
  type SmtpSink,
  startNodeProcess,
  startSmtpSink,
  stopProcess,
  testSigningKey,
} from '@crm/testing';
import { marketingSubgraph } from '../src/marketing.subgraph';

/** The built service, as it runs in production: killing it is a crash, not a shutdown. */
const MAIN = path.resolve(__dirname, '../dist/main.js');

describe('a campaign send killed mid-send, then resumed', () => {
  let marketing: TestSubgraph;
  let sink: SmtpSink;
  let logDir = '';
  const running: ManagedProcess[] = [];
  const ok = async <T>(res: Promise<GqlResponse<T>>): Promise<T> => {
    const r = await res;
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };

  beforeAll(async () => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'crm-mail-')) });
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sender-'));
    // This one serves GraphQL for the set-up and has no SMTP_URL: it sends nothing itself.
    marketing = await startTestSubgraph(marketingSubgraph);
  });
  afterAll(async () => {
    for (const p of running) await stopProcess(p, 1000);
    await marketing?.close();
    await sink?.close();
  });

  /** A second marketing process on the same database: the sender, slowed so it can be killed mid-send. */
  const startSender = async (n: number): Promise<ManagedProcess> => {
    const { publicKeysFile } = await testSigningKey();
    const p = startNodeProcess(
      `marketing-sender-${n}`,
      MAIN,
      [],
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        PORT: String(await freePort()),
        DATABASE_URL: marketing.db.url,
        KAFKA_BROKERS: marketing.brokers.join(','),
        AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
        SALES_URL: marketing.customers.url,
        SMTP_URL: sink.url,
        EMAIL_SEND_RATE: '30',
        EMAIL_BATCH_SIZE: '5',
        EMAIL_POLL_MS: '50',
        // The killed sender is gone: its half-sent batch may be taken over at once.
        EMAIL_SENDING_LEASE_MS: '0',
      },
      logDir,
    );
    running.push(p);
    return p;
  };

  it('sends each of the 90 consenting members exactly one message id, and nobody twice or not at all', async () => {
    const domain = 'resume.test';
    const leads: { id: string; email: string }[] = [];
    for (let n = 0; n < 100; n++) leads.push(await marketing.ctx.newLead({ email: `r${String(n).padStart(3, '0')}@${domain}` }));
    const consent = (id: string, status: string) => marketing.ctx.leadConsent(id, status);
    for (const l of leads) await consent(l.id, 'GRANTED');
    for (const l of leads.slice(90)) await consent(l.id, 'WITHDRAWN');
    const { createCampaign: campaign } = await ok(
      marketing.gql<{ createCampaign: { id: string } }>(`mutation { createCampaign(input: { name: "Resume", type: EMAIL }) { id } }`),
    );
    await ok(
      marketing.gql(`mutation($i: AddCampaignMembersInput!) { addCampaignMembers(input: $i) { added } }`, {
        i: { campaignId: campaign.id, leadFilter: { emailDomain: domain } },
      }),
    );
    const { createEmailTemplate: template } = await ok(
      marketing.gql<{ createEmailTemplate: { id: string } }>(
        `mutation { createEmailTemplate(input: { name: "R", subject: "Hi {{firstName}}", html: "<p>Hi {{name}}</p>" }) { id } }`,
      ),
    );
    const { scheduleCampaignSend: send } = await ok(
      marketing.gql<{ scheduleCampaignSend: { id: string } }>(
        `mutation($i: ScheduleCampaignSendInput!) { scheduleCampaignSend(input: $i) { id } }`,
        {
          i: { campaignId: campaign.id, templateId: template.id },
        },
      ),
    );

    const first = await startSender(1);
    await eventually(async () => {
      if (sink.accepted() < 20) throw new Error(`${sink.accepted()} accepted so far`);
    }, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atCrash = sink.accepted();
    expect(atCrash).toBeLessThan(90);

    await startSender(2);
    await eventually(async () => {
      const [s] = await marketing.sql<{ status: string }>(`SELECT status FROM email_send WHERE id = $1`, [send.id]);
      if (s!.status !== 'COMPLETED') throw new Error(`send is ${s!.status}`);
    }, 60_000);

    const messages = await marketing.sql<{ person_id: string; status: string; n: number }>(
      `SELECT person_id, status, count(*) OVER (PARTITION BY person_id)::int AS n FROM email_message WHERE send_id = $1`,
      [send.id],
    );
    expect(messages).toHaveLength(100);
    expect(messages.every((m) => m.n === 1)).toBe(true);
    expect(messages.filter((m) => m.status === 'SENT')).toHaveLength(90);
    expect(new Set(messages.filter((m) => m.status === 'SENT').map((m) => m.person_id))).toEqual(
      new Set(leads.slice(0, 90).map((l) => l.id)),
    );

    // One stored message per Message-ID, for exactly the 90; a batch cut off by the kill goes out
    // again under the same ids, so SMTP may have seen at most one batch twice.
    const mail = sink.messages();
    expect(mail).toHaveLength(90);
    expect(new Set(mail.map((m) => m.to))).toEqual(new Set(leads.slice(0, 90).map((l) => l.email)));
    expect(sink.accepted() - 90).toBeLessThanOrEqual(5);
    expect(await marketing.count(`outbox WHERE type = 'crm.marketing.email.sent.v1'`)).toBe(90);
  });
});
