/**
 * Analytics' consumers benchmark (issue 17): how fast analytics applies a backlog of events from
 * the broker (events/s, every consumer group: timeline, warehouse, churn risk, segments, search...)
 * and how long `analytics:replay` takes to rebuild its read models from offset 0. A benchmark, not
 * a test: it prints figures (and writes bench/results/analytics-consumers.json), and fails only on
 * errors, never on a missed goal.
 *
 *   npm run bench:consumers [-- --events 2000000]     (smaller: BENCH_EVENTS=5000)
 *
 * Real and local (analytics-bench-stack.ts). The events go on the broker before the subgraph
 * starts, as sales would have published them: per customer a customer.created and four
 * activity.created (one customer per five events). The drain is over when every group has
 * committed the topics' ends and every event is in the inbox; its figure is the slowest group's
 * last commit. Then the replay runs into a fresh database, with the same code, to its checksum, which
 * must equal the live read models'.
 *
 * It also reports CPU per event of the analytics process and of Postgres (from /proc, Linux), for
 * the drain and the replay: where the time goes. With BENCH_CPU_PROF_DIR set, the subgraph writes
 * a V8 CPU profile there when it stops (node --cpu-prof). With --statements, Postgres runs with
 * pg_stat_statements and the bench prints the drain's and the replay's statements per event; that
 * costs some speed, so the figures of such a run are for the breakdown, not for comparison.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ActivityCreated, CustomerCreated, type EventContract, type TopicSpec } from '@crm/contracts';
import { provisionedTopics, toKafkaMessage } from '@crm/events';
import { lastLines, startNodeProcess } from '@crm/stack';
import { AssignerProtocol, Kafka, logLevel, type Admin, type Message } from 'kafkajs';
import { intArg, loadAverage, ROOT, round, seconds, startAnalyticsBenchStack } from './analytics-bench-stack';
import { statementBreakdown } from './bench-subgraph';
import { treeCpuSeconds } from './process-tree';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'analytics-consumers.json');
const BATCH = 2000;

async function main(): Promise<void> {
  const events = intArg('events', 2_000_000);
  const log = (line: string) => console.log(`[bench] ${line}`);
  const statements = process.argv.includes('--statements');
  const stack = await startAnalyticsBenchStack('consumers', { statements });
  try {
    const { db } = stack;
    const kafka = new Kafka({ brokers: stack.brokers, logLevel: logLevel.NOTHING });
    // The topics as the subgraph would provision them at its start, which comes after the events.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ANALYTICS_TOPICS } = require(path.join(ROOT, 'apps/analytics/dist/analytics.subgraph.js')) as { ANALYTICS_TOPICS: TopicSpec[] };
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: provisionedTopics({ produces: [], consumes: ANALYTICS_TOPICS }).map((t) => ({ topic: t.name, numPartitions: t.partitions })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const message = <C extends EventContract>(contract: C, data: unknown, time: Date): Message =>
      toKafkaMessage({
        id: randomUUID(),
        topic: contract.topic,
        type: contract.type,
        source: contract.source,
        subject: contract.subject(contract.schema.parse(data)),
        time,
        data,
      });
    const t0 = performance.now();
    let batch: { topic: string; message: Message }[] = [];
    const flush = async () => {
      const byTopic = new Map<string, Message[]>();
      for (const b of batch) byTopic.set(b.topic, [...(byTopic.get(b.topic) ?? []), b.message]);
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      batch = [];
    };
    for (let n = 0; n < events; n++) {
      const time = new Date(Date.UTC(2025, 0, 1) + n * 1000);
      const customerId = `c0000000-0000-4000-8000-${String(Math.floor(n / 5)).padStart(12, '0')}`;
      if (n % 5 === 0) {
        const data = { customerId, name: `Customer ${n / 5}`, kind: 'COMPANY', createdAt: time.toISOString() };
        batch.push({ topic: CustomerCreated.topic, message: message(CustomerCreated, data, time) });
      } else {
        const data = {
          activityId: randomUUID(),
          customerId,
          contactId: null,
          opportunityId: null,
          type: 'CALL',
          subject: `Call ${n}`,
          ownerId: null,
          dueAt: null,
          remindAt: null,
          automated: false,
          createdBy: null,
          createdAt: time.toISOString(),
        };
        batch.push({ topic: ActivityCreated.topic, message: message(ActivityCreated, data, time) });
      }
      if (batch.length === BATCH) await flush();
    }
    if (batch.length) await flush();
    await producer.disconnect();
    log(`put ${events} events on the broker in ${seconds(performance.now() - t0)} s`);

    if (statements) await db.query('SELECT pg_stat_statements_reset()');
    const cpu0 = stack.cpuSeconds();
    const start = performance.now();
    await stack.start();
    // Progress from the broker, not the inbox: every group's committed offsets against the topics'
    // ends cost the same at 2,000 events and at 2,000,000, where counting the inbox every second
    // (as this bench first did) became a full scan that spilled to disk and took a core from the
    // consumers it measured. The inbox is counted once lag is nil, to check every event applied.
    const progress = kafka.admin();
    await progress.connect();
    for (let still = 0, checked = 0; ;) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const lag = await consumerLag(progress);
      still = lag === 0 ? still + 1 : 0;
      if (still < 2 || performance.now() - checked < 10_000) continue;
      checked = performance.now();
      const { rows } = await db.query<{ events: string }>('SELECT count(DISTINCT event_id) AS events FROM inbox');
      if (Number(rows[0]!.events) === events) break;
    }
    await progress.disconnect();
    const cpu1 = stack.cpuSeconds();
    const perEvent = (s: number) => round((s * 1000) / events, 3);
    const drainCpu = { analytics: perEvent(cpu1.analytics - cpu0.analytics), postgres: perEvent(cpu1.postgres - cpu0.postgres) };
    // When each group applied its last event (the commit's transaction start), from the drain's start:
    // the slowest group is the drain's figure, and where a faster drain has to start.
    const groups = await db.query<{ consumer: string; n: string; last: Date }>(
      'SELECT consumer, count(*) AS n, max(processed_at) AS last FROM inbox GROUP BY consumer ORDER BY consumer',
    );
    const startedAt = Date.now() - (performance.now() - start);
    const doneAfter = Object.fromEntries(groups.rows.map((g) => [g.consumer, seconds(g.last.getTime() - startedAt)]));
    log(`each group's last event applied after (s): ${JSON.stringify(doneAfter)}`);
    // The slowest group's last commit is the drain's end: exact, whatever the poll's interval.
    const drainS = Math.max(...Object.values(doneAfter));
    const last = groups.rows.reduce((sum, g) => sum + Number(g.n), 0);
    log(
      `drained ${events} events (${last} inbox rows over ${groups.rows.length} consumer groups) in ${drainS} s from the subgraph's start: ${Math.round(events / drainS)} events/s`,
    );
    log(`drain CPU per event: analytics ${drainCpu.analytics} ms (its boot included), Postgres ${drainCpu.postgres} ms`);
    if (statements) for (const line of await statementBreakdown(db, events, 'event')) log(line);

    // The replay runs as analytics' role too, as the live subgraph does.
    const replayUrl = await stack.serviceDatabase('analytics_replay');
    const replayStart = performance.now();
    const replay = startNodeProcess(
      'analytics-replay',
      path.join(ROOT, 'apps/analytics/dist/replay/replay.main.js'),
      [],
      // info: its phases' times (replay: ...), printed below.
      { DATABASE_URL: replayUrl, KAFKA_BROKERS: stack.brokers.join(','), LOG_LEVEL: 'info', NODE_ENV: 'production' },
      fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-replay-')),
    );
    // Its CPU as last seen alive: /proc forgets a process once it has exited.
    let replayCpu = 0;
    const sample = setInterval(() => (replayCpu = treeCpuSeconds(replay.child.pid!).total || replayCpu), 250);
    const exitCode = await replay.exited;
    clearInterval(sample);
    if (exitCode !== 0) throw new Error(`the replay failed:\n${lastLines(replay.logFile)}`);
    const replayS = seconds(performance.now() - replayStart);
    const cpu2 = stack.cpuSeconds();
    const replayPgCpu = perEvent(cpu2.postgres - cpu1.postgres);
    const phases = fs
      .readFileSync(replay.logFile, 'utf8')
      .split('\n')
      .flatMap((line) => {
        const m = /^\{.*"msg":"replay: ([^"]+)"/.exec(line) ? (JSON.parse(line) as { msg: string; seconds: number }) : null;
        return m ? [`${m.msg.slice('replay: '.length)} after ${m.seconds} s`] : [];
      });
    log(`replay: ${phases.join(', ')}; the live subgraph used ${round(cpu2.analytics - cpu1.analytics, 1)} s of CPU meanwhile`);
    // The line replay.main writes to stdout; its info logs around it (one names the checksum too) are JSON.
    const checksum =
      fs
        .readFileSync(replay.logFile, 'utf8')
        .split('\n')
        .findLast((line) => line.startsWith('entries=')) ?? '';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readModelChecksum } = require(path.join(ROOT, 'apps/analytics/dist/replay/read-model-checksum.js')) as {
      readModelChecksum: (url: string) => Promise<string>;
    };
    const live = await readModelChecksum(stack.pgUrl('analytics'));
    const same = checksum === live;
    // Which read models differ, for whoever has to find out why.
    const replayed = new Set(checksum.split(';'));
    const differing = live.split(';').filter((part) => !replayed.has(part));
    log(
      `replayed ${events} events into a fresh database in ${replayS} s (${Math.round(events / replayS)} events/s); checksum ${same ? 'equals' : 'DIFFERS from'} the live read models'`,
    );
    log(`replay CPU per event: replay process ${perEvent(replayCpu)} ms (boot and migrations included), Postgres ${replayPgCpu} ms`);
    if (statements) for (const line of await statementBreakdown(db, events, 'event', 'analytics_replay')) log(`replay ${line}`);
    const load = loadAverage();
    log(`load average ${load.join(' ')} on ${os.cpus().length} cores`);
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          loadAverage: load,
          events,
          drain: {
            seconds: drainS,
            eventsPerSecond: round(events / drainS),
            inboxRowsByGroup: Object.fromEntries(groups.rows.map((g) => [g.consumer, Number(g.n)])),
            lastAppliedAfterSecondsByGroup: doneAfter,
            cpuMsPerEvent: drainCpu,
          },
          replay: {
            seconds: replayS,
            eventsPerSecond: round(events / replayS),
            checksumEqualsLive: same,
            cpuMsPerEvent: { replay: perEvent(replayCpu), postgres: replayPgCpu },
          },
          ...(statements ? { note: 'run with pg_stat_statements: for the breakdown, not for comparison' } : {}),
        },
        null,
        2,
      )}\n`,
    );
    if (!same) throw new Error(`the replay rebuilt other read models than the consumers did; live: ${differing.join('; ')}`);
  } finally {
    await stack.stop();
  }
}

/**
 * The analytics groups' total lag over the partitions assigned to their members, or null while a
 * group has no member or no assignment yet (it has not joined: not done, whatever its offsets say).
 */
async function consumerLag(admin: Admin): Promise<number | null> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId).filter((id) => id.startsWith('analytics-'));
  if (!ids.length) return null;
  const described = await admin.describeGroups(ids);
  const ends = new Map<string, Map<number, bigint>>();
  const endOf = async (topic: string) => {
    if (!ends.has(topic)) ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)])));
    return ends.get(topic)!;
  };
  let lag = 0n;
  for (const group of described.groups) {
    const assigned = group.members.flatMap((m) =>
      Object.entries(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).map(([topic, partitions]) => ({
        topic,
        partitions,
      })),
    );
    if (!assigned.length) return null;
    const committed = await admin.fetchOffsets({ groupId: group.groupId, topics: [...new Set(assigned.map((a) => a.topic))] });
    for (const { topic, partitions } of assigned) {
      const end = await endOf(topic);
      const offsets = new Map(committed.find((c) => c.topic === topic)?.partitions.map((p) => [p.partition, BigInt(p.offset)]));
      for (const partition of partitions) {
        const at = offsets.get(partition) ?? -1n;
        lag += (end.get(partition) ?? 0n) - (at < 0n ? 0n : at);
      }
    }
  }
  return Number(lag);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
