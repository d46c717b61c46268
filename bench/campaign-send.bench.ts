/**
 * Campaign send benchmark: how many messages a second one campaign send hands to an SMTP server,
 * from the first message to the send marked COMPLETED (records, SMTP, marking SENT, member
 * moves and email.sent events all included). A benchmark, not a test: it prints figures and
 * writes bench/results/campaign-send.json; it fails only on errors, never on a missed goal.
 *
 *   npm run bench:campaign-send
 *
 * Real and local: an embedded Postgres, the development broker, the built marketing service as
 * its own process under its own login role (bench-subgraph's set-up, as every bench), and the development SMTP sink in this process (one .eml file per message).
 * The 10,000 members, their consent, the template and the send are written with SQL, as set-up.
 *
 * Goal (issue 14): at least 500 messages/s for 10,000 members.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastLines, startSmtpSink } from '@crm/stack';
import { arg, ROOT, startBenchSubgraph } from './bench-subgraph';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'campaign-send.json');
const MEMBERS = arg('members', 10_000);
const GOAL = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const bench = await startBenchSubgraph('marketing');
  const sink = await startSmtpSink({ dir: path.join(bench.dir, 'mail') });
  const db = bench.db;
  try {
    const campaignId = '00000000-0000-4000-8000-00000000c001';
    await db.query(
      `INSERT INTO campaign (id, name, type, status, created_at, updated_at) VALUES ($1, 'Bench', 'EMAIL', 'ACTIVE', now(), now())`,
      [campaignId],
    );
    await db.query(
      `INSERT INTO campaign_member (campaign_id, person_id, person_kind, email, name, company, customer_id, status, added_at, updated_at)
       SELECT $1, gen_random_uuid(), 'LEAD', 'member' || n || '@bench.test', 'Member ' || n, 'Company ' || (n % 100), NULL, 'TARGETED', now(), now()
       FROM generate_series(1, $2) n`,
      [campaignId, MEMBERS],
    );
    await db.query(
      `INSERT INTO consent_state (email, channel, status, record_id, changed_at)
       SELECT email, 'EMAIL', 'GRANTED', gen_random_uuid(), now() FROM campaign_member WHERE campaign_id = $1`,
      [campaignId],
    );
    const html =
      '<p>Dear {{name}} of {{company}},</p><p><a href="{{__click0}}">Read more</a></p>\n<p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>\n<img src="{{__open}}" width="1" height="1" alt="">';
    await db.query(
      `INSERT INTO email_send (id, campaign_id, template_id, subject, html, text, links, status, scheduled_at, created_at)
       VALUES (gen_random_uuid(), $1, gen_random_uuid(), 'News for {{firstName}}', $2, 'Unsubscribe: {{unsubscribeUrl}}', ARRAY['https://example.com/news'], 'SCHEDULED', now() + interval '1 hour', now())`,
      [campaignId, html],
    );

    const service = (
      await bench.serve({
        env: { SMTP_URL: sink.url, EMAIL_SEND_RATE: '100000', EMAIL_BATCH_SIZE: '500', EMAIL_POLL_MS: '50' },
      })
    ).process;
    // serve() answers once marketing is ready: it is up and idle before the send falls due.
    await db.query(`UPDATE email_send SET scheduled_at = now()`);
    const started = Date.now();
    let firstAt = 0;
    for (;;) {
      if (service.child.exitCode !== null) throw new Error(`marketing exited:\n${lastLines(service.logFile)}`);
      if (!firstAt && sink.accepted() > 0) firstAt = Date.now();
      const { rows } = await db.query<{ status: string }>(`SELECT status FROM email_send`);
      if (rows[0]!.status === 'COMPLETED') break;
      if (Date.now() - started > 600_000) throw new Error(`not done after 10 minutes: ${sink.accepted()} accepted`);
      await sleep(50);
    }
    const seconds = (Date.now() - (firstAt || started)) / 1000;
    const stored = sink.messages().length;
    const result = {
      members: MEMBERS,
      accepted: sink.accepted(),
      stored,
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: Math.round(stored / seconds),
      goal: GOAL,
      met: stored / seconds >= GOAL,
      cpus: os.cpus().length,
      at: new Date().toISOString(),
    };
    console.log(
      `campaign send: ${stored} messages in ${result.seconds} s = ${result.messagesPerSecond} msgs/s (goal >= ${GOAL}: ${result.met ? 'met' : 'missed'})`,
    );
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await sink.close();
    await bench.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
