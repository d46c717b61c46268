import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SYSTEM_IDENTITY } from '@crm/auth';
import {
  CampaignMemberChanged,
  CaseOpened,
  CaseSatisfactionSubmitted,
  CaseSlaBreached,
  CustomerUpdated,
  CustomerUpdatedV2,
  LeadCaptured,
  LeadConverted,
  LeadStatusChanged,
  LoyaltyPointsChanged,
  LoyaltyTierChanged,
  OpportunityCreated,
  OpportunityUpdated,
  OpportunityWon,
  SegmentMemberJoined,
} from '@crm/contracts';
import { DatabaseModule, serviceDataSourceOptions, UnitOfWork } from '@crm/database';
import { createOutboxNotifyTrigger, EVENT_ENTITIES, EventPublisher, EventsModule } from '@crm/events';
import { createLogger, ObservabilityModule } from '@crm/observability';
import { customerSnapshot, startTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import {
  createTestDatabase,
  eventually,
  lastLines,
  startNodeProcess,
  startOwnBroker,
  stopProcess,
  type ManagedProcess,
  type OwnBroker,
  type TestDatabase,
} from '@crm/testing';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { CHURN_RISK_GROUP_ID } from '../src/churn-risk/churn-risk.consumer';
import { readModelChecksum } from '../src/replay/read-model-checksum';
import { SEGMENTS_GROUP_ID } from '../src/segments/segments.consumer';
import { replayAnalytics } from '../src/replay/replay';
import { TIMELINE_GROUP_ID } from '../src/timeline/timeline.consumer';
import { WAREHOUSE_GROUP_ID } from '../src/warehouse/warehouse.consumer';

const CUSTOMERS = 500;
const WRITES = 10_000;
const WRITERS = 10;
const RELAY = path.resolve(__dirname, '../../../libs/events/dist/relay.main.js');

/**
 * The whole event path under faults: a producing service's outbox (written through EventPublisher),
 * two relay processes, a broker of this file's own, and the analytics subgraph consuming.
 */
describe('analytics: every event once, in order, through broker outages and relay kills; replay rebuilds the same read models', () => {
  let broker: OwnBroker;
  let analytics: TestSubgraph;
  let producerDb: TestDatabase;
  let producer: INestApplicationContext;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-delivery-'));
  const relays: ManagedProcess[] = [];
  const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());

  const startRelay = (n: number): ManagedProcess => {
    if (!fs.existsSync(RELAY)) throw new Error(`${RELAY} is missing: run \`npm run build\` first`);
    const p = startNodeProcess(
      `relay-${n}`,
      RELAY,
      [],
      {
        DATABASE_URL: producerDb.url,
        KAFKA_BROKERS: broker.brokers.join(','),
        OUTBOX_POLL_MS: '100',
        LOG_LEVEL: 'warn',
        RELAY_CLIENT_ID: `relay-${n}`,
      },
      logDir,
    );
    relays.push(p);
    return p;
  };

  beforeAll(async () => {
    broker = await startOwnBroker();
    analytics = await startTestSubgraph(analyticsSubgraph, { brokers: broker.brokers });
    const options = (url: string) =>
      serviceDataSourceOptions({ url, applicationName: 'producer', entities: EVENT_ENTITIES, migrations: [] });
    producerDb = await createTestDatabase({
      template: 'outbox_producer',
      migrate: async (url) => {
        const ds = new DataSource(options(url));
        await ds.initialize();
        await ds.synchronize();
        const q = ds.createQueryRunner();
        await createOutboxNotifyTrigger(q);
        await q.release();
        await ds.destroy();
      },
    });

    // The writing side of a service: its transactions write the outbox; the relays run as processes.
    @Module({
      imports: [
        ObservabilityModule.forRoot(createLogger('producer', 'silent')),
        DatabaseModule.forRoot(options(producerDb.url)),
        EventsModule.forRoot({ brokers: broker.brokers, clientId: 'producer', produces: [], consumes: [], pollMs: 100, relay: false }),
      ],
    })
    class ProducerModule {}
    producer = await NestFactory.createApplicationContext(ProducerModule, { logger: false });
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => stopProcess(r, 2000)));
    await producer?.close();
    await analytics?.close();
    await producerDb?.drop();
    await broker?.destroy();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  /** Writes [from, to): write i is the (i / CUSTOMERS)th change of customer i % CUSTOMERS; a customer's writes are sequential. */
  const writeRange = async (from: number, to: number) => {
    const uow = producer.get(UnitOfWork);
    const publisher = producer.get(EventPublisher);
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = from + ((((w - from) % WRITERS) + WRITERS) % WRITERS); i < to; i += WRITERS) {
          const customerId = customers[i % CUSTOMERS]!;
          await uow.run(SYSTEM_IDENTITY, (tx) =>
            publisher.publish(tx, CustomerUpdated, {
              customerId,
              changed: ['name'],
              name: `change ${Math.floor(i / CUSTOMERS)}`,
              updatedAt: new Date().toISOString(),
            }),
          );
        }
      }),
    );
  };

  // Its own timeout covers its waits (150 s, 60 s and 10 s): analytics now runs more consumer groups
  // (search, segments, notifications) over the same events, and the jest default of 120 s cut it short.
  it('publishes all 10,000 writes of 500 customers and analytics applies each once, in each customer’s commit order', async () => {
    const first = startRelay(1);
    startRelay(2);
    await writeRange(0, 3000);

    await broker.stop();
    await writeRange(3000, 6000);
    // Nothing written during the outage could have been published: it waits in the outbox.
    const waiting = await sqlAt(producerDb.url, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
    expect(Number(waiting[0]!.n)).toBeGreaterThanOrEqual(3000);

    first.child.kill('SIGKILL');
    await first.exited;
    await broker.restart();
    await writeRange(6000, 8000);

    startRelay(3);
    await writeRange(8000, WRITES);

    await eventually(async () => {
      const [row] = await analytics.sql<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE consumer = $1', [TIMELINE_GROUP_ID]);
      if (Number(row!.n) !== WRITES) throw new Error(`${row!.n} of ${WRITES} applied; relay log:\n${lastLines(relays[1]!.logFile)}`);
    }, 150_000);
    // The warehouse is a consumer group of its own: it applies the same events, each once.
    await eventually(async () => {
      const [row] = await analytics.sql<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE consumer = $1', [WAREHOUSE_GROUP_ID]);
      expect(Number(row!.n)).toBe(WRITES);
    }, 60_000);

    const outbox = producerDb.url;
    const unpublished = await sqlAt(outbox, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
    expect(Number(unpublished[0]!.n)).toBe(0);
    expect(await analytics.count('timeline_entry')).toBe(WRITES);
    const metrics = await analytics.sql<{ n: string; total: string; min: number; max: number }>(
      'SELECT count(*) AS n, sum(interaction_count) AS total, min(interaction_count) AS min, max(interaction_count) AS max FROM customer_metrics',
    );
    expect(metrics[0]).toEqual({ n: String(CUSTOMERS), total: String(WRITES), min: WRITES / CUSTOMERS, max: WRITES / CUSTOMERS });

    // Each customer's events, in the order the producer committed them and in the order analytics applied them.
    const committed = await sqlAt<{ subject: string; id: string }>(outbox, 'SELECT subject, id FROM outbox ORDER BY seq');
    const applied = await analytics.sql<{ customer_id: string; id: string }>(
      `SELECT t.customer_id, t.id FROM inbox i JOIN timeline_entry t ON t.id = i.event_id WHERE i.consumer = $1 ORDER BY i.seq`,
      [TIMELINE_GROUP_ID],
    );
    const byCustomer = <R>(rows: R[], key: (r: R) => string, id: (r: R) => string) => {
      const m = new Map<string, string[]>();
      for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), id(r)]);
      return m;
    };
    const want = byCustomer(
      committed,
      (r) => r.subject,
      (r) => r.id,
    );
    const got = byCustomer(
      applied,
      (r) => r.customer_id,
      (r) => r.id,
    );
    expect(got.size).toBe(CUSTOMERS);
    for (const c of customers) expect(got.get(c)).toEqual(want.get(c));

    // What operators see on analytics' /metrics once everything is through.
    await eventually(async () => {
      const text = await (await fetch(analytics.metricsUrl)).text();
      expect(text).toMatch(/^outbox_depth\{service="analytics"\} 0$/m);
      expect(text).toContain(`dead_letter_messages{service="analytics",topic="${CustomerUpdated.topic}.dlq"} 0`);
      for (let p = 0; p < 6; p++)
        expect(text).toContain(
          `consumer_lag{service="analytics",group="${TIMELINE_GROUP_ID}",topic="${CustomerUpdated.topic}",partition="${p}"} 0`,
        );
    }, 10_000);
  }, 300_000);

  it('replays every topic into a fresh database and rebuilds read models identical to the live ones', async () => {
    // Churn risk's signals too: an urgent case, its SLA breach and its CSAT answer for a few customers;
    // and a segment of the gold ones with a score, which a replay rebuilds from its own definition event.
    const segment = await analytics.gql<{ createSegment: { id: string } }>(
      'mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id } }',
      {
        i: {
          name: 'Scored gold',
          rule: JSON.stringify({
            all: [
              { field: 'loyaltyTier', op: 'eq', value: 'Gold' },
              { field: 'churnRisk', op: 'isSet', value: true },
            ],
          }),
        },
      },
    );
    expect(segment.errors).toBeUndefined();
    const uow = producer.get(UnitOfWork);
    const publisher = producer.get(EventPublisher);
    const churned = customers.slice(0, 5);
    for (const customerId of churned) {
      const ref = { caseId: randomUUID(), customerId, subject: 'Outage', productId: null };
      const at = new Date().toISOString();
      await uow.run(SYSTEM_IDENTITY, async (tx) => {
        await publisher.publish(tx, LoyaltyPointsChanged, {
          entryId: randomUUID(),
          customerId,
          kind: 'AWARD',
          points: 500,
          balance: 500,
          reason: 'Welcome',
          occurredAt: at,
        });
        await publisher.publish(tx, LoyaltyTierChanged, { customerId, from: null, to: 'Gold', periodPoints: 500, changedAt: at });
        await publisher.publish(tx, CaseOpened, { ...ref, priority: 'URGENT', status: 'NEW', openedAt: at });
        await publisher.publish(tx, CaseSlaBreached, {
          ...ref,
          target: 'FIRST_RESPONSE',
          priority: 'URGENT',
          dueAt: at,
          escalationLevel: 1,
          queueId: null,
          breachedAt: at,
        });
        await publisher.publish(tx, CaseSatisfactionSubmitted, { ...ref, score: 2, hasComment: false, answeredAt: at });
      });
    }
    // Attribution's touches: a lead joining a campaign, moving on in it, and becoming an MQL.
    const member = {
      campaignId: randomUUID(),
      campaignName: 'Fair',
      personKind: 'LEAD' as const,
      personId: randomUUID(),
      customerId: churned[0]!,
    };
    const lead = { leadId: member.personId, customerId: member.customerId, email: 'lead@example.com' };
    // The lead's source, which the deal its conversion opens keeps.
    await uow.run(SYSTEM_IDENTITY, (tx) =>
      publisher.publish(tx, LeadCaptured, {
        ...lead,
        name: 'Lead',
        company: null,
        source: 'EVENT',
        status: 'NEW',
        isNew: true,
        capturedAt: new Date().toISOString(),
      }),
    );
    // A deal created back-dated, its lines set today, won with a back-dated close, each in a transaction
    // of its own: the snapshot follows the relays' sequence (the commit order), which a replay reads again.
    const deal = {
      opportunityId: randomUUID(),
      customerId: churned[2]!,
      name: 'Back-dated',
      amount: { amount: '10.00', currency: 'EUR' },
      closeDate: '2025-02-01',
      ownerId: null,
      partnerId: null,
      pipelineId: randomUUID(),
      stageId: randomUUID(),
      status: 'OPEN' as const,
    };
    const [jan, feb, wonStage] = [new Date('2025-01-05T09:00:00Z'), new Date('2025-02-01T09:00:00Z'), randomUUID()];
    await uow.run(SYSTEM_IDENTITY, (tx) => publisher.publish(tx, OpportunityCreated, { ...deal, createdAt: jan.toISOString() }, jan));
    await uow.run(SYSTEM_IDENTITY, (tx) =>
      publisher.publish(tx, OpportunityUpdated, { ...deal, changed: ['lines'], updatedAt: new Date().toISOString(), lines: [] }),
    );
    await uow.run(SYSTEM_IDENTITY, (tx) =>
      publisher.publish(
        tx,
        OpportunityWon,
        { ...deal, stageId: wonStage, status: 'WON', reason: 'signed', closedBy: null, closedAt: feb.toISOString() },
        feb,
      ),
    );
    await uow.run(SYSTEM_IDENTITY, async (tx) => {
      await publisher.publish(tx, CampaignMemberChanged, { ...member, from: null, to: 'INVITED', changedAt: new Date().toISOString() });
      await publisher.publish(tx, CampaignMemberChanged, {
        ...member,
        from: 'INVITED',
        to: 'ATTENDED',
        changedAt: new Date().toISOString(),
      });
      await publisher.publish(tx, LeadStatusChanged, {
        ...lead,
        from: 'NEW',
        to: 'QUALIFIED',
        reason: null,
        changedBy: null,
        changedAt: new Date().toISOString(),
      });
      // The lead's conversion (attribution's lead -> customer), and a change the audit trail keeps.
      await publisher.publish(tx, LeadConverted, {
        leadId: member.personId,
        customerId: member.customerId,
        existingCustomer: true,
        customerName: 'Converted',
        customerKind: 'COMPANY',
        contact: { contactId: randomUUID(), firstName: 'Con', lastName: 'Verted', email: 'lead@example.com' },
        // The deal its conversion opened, which the warehouse reports by the lead's source.
        opportunity: { opportunityId: randomUUID(), name: 'Converted deal', amount: null, closeDate: null },
        ownerId: null,
        convertedBy: null,
        convertedAt: new Date().toISOString(),
      });
      await publisher.publish(tx, CustomerUpdatedV2, {
        customerId: churned[1]!,
        changes: [{ field: 'tier', old: null, new: 1 }],
        customer: customerSnapshot({ name: 'Audited', tier: 1 }),
        updatedBy: null,
        updatedAt: new Date().toISOString(),
      });
    });
    await eventually(async () => {
      expect(await analytics.count('public.audit_entry')).toBe(1);
      expect(await analytics.count('warehouse.lead_conversion')).toBe(1);
      expect(await analytics.count('warehouse.fact_survey_answer')).toBe(churned.length);
      expect(await analytics.count('warehouse.fact_loyalty_entry')).toBe(churned.length);
      expect(await analytics.count('warehouse.fact_loyalty_tier_change')).toBe(churned.length);
      const [row] = await analytics.sql<{ n: string }>('SELECT count(*) AS n FROM inbox WHERE consumer = $1', [CHURN_RISK_GROUP_ID]);
      // Three per churned customer, and the back-dated deal's creation and win (its customer's touchpoint
      // and won deal; the lines update is none of the group's).
      expect(Number(row!.n)).toBe(churned.length * 3 + 2);
      expect(await analytics.count('warehouse.fact_lead_qualified')).toBe(1);
      expect(
        await analytics.sql('SELECT status FROM warehouse.fact_opportunity_snapshot WHERE opportunity_id = $1', [deal.opportunityId]),
      ).toEqual([{ status: 'WON' }]);
      expect(await analytics.count('warehouse.lead_source_change')).toBe(1);
      // Each joined the segment once, and the timeline (which the replay reads from the topic) has their joins.
      const joins = await analytics.sql<{ n: string }>('SELECT count(*) AS n FROM timeline_entry WHERE type = $1', ['SEGMENT_JOINED']);
      expect(Number(joins[0]!.n)).toBe(churned.length);
      const announced = await analytics.sql<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE type = $1', [SegmentMemberJoined.type]);
      expect(Number(announced[0]!.n)).toBe(churned.length);
      // Segments applied each tier change, the segment's definition and the customer's new tier.
      expect(await analytics.sql('SELECT 1 FROM inbox WHERE consumer = $1', [SEGMENTS_GROUP_ID])).toHaveLength(churned.length + 2);
      // Search: every customer's document, each churned customer's case, the lead and the back-dated deal.
      expect(await analytics.count('search_term')).toBe(CUSTOMERS + churned.length + 2);
    }, 30_000);

    const fresh = await createTestDatabase({ template: 'empty', migrate: async () => undefined });
    try {
      const replayed = await replayAnalytics({ databaseUrl: fresh.url, brokers: broker.brokers, logger: createLogger('replay', 'silent') });
      const live = await readModelChecksum(analytics.db.url);
      // Per churned customer: its case, breach and answer, its loyalty points and tier and its joining
      // the segment; the three attribution events, the conversion and the audited change; the lead's
      // capture, the back-dated deal's opening, lines update and win, and the churn risk its customer's
      // old deal raised (engagement that fell to none since).
      expect(live).toContain(`entries=${WRITES + churned.length * 6 + 10};customers=${CUSTOMERS};`);
      expect(live).toMatch(/;segments\.segment=1:[0-9a-f]{32};segments\.segment_member=5:[0-9a-f]{32}(;|$)/);
      expect(live).toMatch(/;intelligence\.churn_case=5:[0-9a-f]{32};intelligence\.churn_csat=5:[0-9a-f]{32};/);
      expect(live).toMatch(/;intelligence\.churn_risk=5:[0-9a-f]{32};intelligence\.churn_sla_breach=5:[0-9a-f]{32};/);
      // Every rename is a type-2 version of the customer: the order of each customer's events decides the rows.
      expect(live).toMatch(/;warehouse\.dim_customer=[1-9]\d*:[0-9a-f]{32}/);
      expect(live).toMatch(/;warehouse\.fact_campaign_member=1:[0-9a-f]{32};/);
      expect(live).toMatch(/;warehouse\.fact_lead_qualified=1:[0-9a-f]{32};/);
      expect(live).toMatch(/;warehouse\.lead_conversion=1:[0-9a-f]{32};warehouse\.lead_source_change=1:[0-9a-f]{32};/);
      // The back-dated deal's snapshot with the sequence of the win that set it: a replay rebuilds it from the same headers.
      expect(live).toMatch(/;warehouse\.fact_opportunity_snapshot=1:[0-9a-f]{32};/);
      // Survey answers, the loyalty ledger and tier moves of the churned customers; their cases' queue (none).
      expect(live).toMatch(/;warehouse\.fact_survey_answer=5:[0-9a-f]{32};/);
      expect(live).toMatch(/;warehouse\.fact_loyalty_entry=5:[0-9a-f]{32};warehouse\.fact_loyalty_tier_change=5:[0-9a-f]{32};/);
      // The search index: every customer's document and its terms; the audited customer's owner (none) and its change.
      expect(live).toMatch(
        new RegExp(
          `;public\\.search_document=${CUSTOMERS + churned.length + 2}:[0-9a-f]{32};public\\.search_term=${CUSTOMERS + churned.length + 2}:[0-9a-f]{32};public\\.directory_team_member=0:-;public\\.partner_channel_manager=0:-;public\\.customer_owner=1:[0-9a-f]{32};public\\.activity_due=0:-;public\\.audit_entry=1:[0-9a-f]{32};public\\.customer_alias=0:-$`,
        ),
      );
      expect(replayed).toBe(live);
    } finally {
      await fresh.drop();
    }
    // The replay reads every topic from the start with each of analytics' consumer groups: on a loaded
    // machine that alone outlasts the default two minutes.
  }, 300_000);
});

async function sqlAt<R = { n: string }>(url: string, text: string): Promise<R[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as R[];
  } finally {
    await c.end();
  }
}
