import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Topics, type CloudEvent } from '@crm/contracts';
import { fromKafkaMessage } from '@crm/events';
import { defineFactory, itPagesWithCursors, uniqueTopicPrefix, type GqlResponse } from '@crm/testing';
import { fewestStatements, itKeepsItsContracts, useTestSubgraph } from '@crm/subgraph-testing';
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { serviceSubgraph } from '../src/service.subgraph';

interface CaseView {
  id: string;
  customerId: string;
  subject: string;
  description: string | null;
  type: string;
  priority: string;
  status: string;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

interface OpenCaseInput {
  customerId: string;
  subject: string;
  description?: string | null;
  type?: string;
  priority: string;
}

const CASE_FIELDS = 'id customerId subject description type priority status openedAt updatedAt closedAt';

const caseInput = defineFactory<OpenCaseInput>((n) => ({
  customerId: randomUUID(),
  subject: `Printer number ${n} on fire`,
  priority: 'HIGH',
}));

describe('service subgraph', () => {
  const service = useTestSubgraph(serviceSubgraph);
  const { gql, sql } = service;
  const writes = async (): Promise<string> => {
    const [row] = await sql<{ cases: number; events: number; latest: Date | null }>(
      'SELECT (SELECT count(*)::int FROM support_case) AS cases, (SELECT count(*)::int FROM outbox) AS events, (SELECT max(updated_at) FROM support_case) AS latest',
    );
    return JSON.stringify(row);
  };
  const openCase = async (overrides: Partial<OpenCaseInput> = {}): Promise<CaseView> => {
    const i = caseInput.build(overrides);
    service.customers.add(i.customerId); // a case names a customer sales has
    const res = await gql<{ openCase: CaseView }>(`mutation($i: OpenCaseInput!) { openCase(input: $i) { ${CASE_FIELDS} } }`, { i });
    expect(res.errors).toBeUndefined();
    return res.data!.openCase;
  };
  const changeStatus = (caseId: string, status: string) =>
    gql<{ changeCaseStatus: CaseView }>(`mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { ${CASE_FIELDS} } }`, {
      i: { caseId, status },
    });

  itKeepsItsContracts(() => service, serviceSubgraph, path.join(__dirname, '../schema.graphql'));

  it('opens a NEW case with trimmed text and the default type, and reads it back', async () => {
    const customerId = randomUUID();
    const opened = await openCase({
      customerId: customerId.toUpperCase(),
      subject: '  Printer on fire  ',
      description: ' Smoke everywhere ',
      priority: 'URGENT',
    });
    expect(opened).toMatchObject({
      customerId,
      subject: 'Printer on fire',
      description: 'Smoke everywhere',
      type: 'REQUEST',
      priority: 'URGENT',
      status: 'NEW',
      closedAt: null,
    });
    expect(opened.updatedAt).toBe(opened.openedAt);
    const read = await gql<{ case: CaseView }>(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id: opened.id });
    expect(read.data!.case).toEqual(opened);
    const [outbox] = await sql<{ type: string; subject: string }>("SELECT type, subject FROM outbox WHERE data->>'caseId' = $1", [
      opened.id,
    ]);
    expect(outbox).toEqual({ type: 'crm.service.case.opened.v1', subject: customerId });
  });

  it('answers null for a case that does not exist and NOT_FOUND when changing one', async () => {
    const id = randomUUID();
    expect((await gql('query($id: ID!) { case(id: $id) { id } }', { id })).data).toEqual({ case: null });
    const before = await writes();
    const res = await changeStatus(id, 'OPEN');
    expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
    expect(res.errors![0]!.message).toContain(id);
    expect(await writes()).toBe(before);
  });

  it('resolves cases by key, batched, for the records search hits point at: an unknown id as null', async () => {
    const c = await openCase();
    const res = await gql<{ _entities: ({ id: string; subject: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id subject } } }',
      {
        r: [
          { __typename: 'Case', id: c.id.toUpperCase() },
          { __typename: 'Case', id: randomUUID() },
          { __typename: 'Case', id: 'nope' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: c.id, subject: c.subject }, null, null]);
  });

  it('walks a case through its workflow: closedAt is set on CLOSED and cleared on reopen', async () => {
    const opened = await openCase({ type: 'INCIDENT' });
    const step = async (status: string) => {
      const res = await changeStatus(opened.id, status);
      expect(res.errors).toBeUndefined();
      return res.data!.changeCaseStatus;
    };
    const open = await step('OPEN');
    expect(open).toMatchObject({ status: 'OPEN', closedAt: null, openedAt: opened.openedAt });
    expect(Date.parse(open.updatedAt)).toBeGreaterThanOrEqual(Date.parse(opened.updatedAt));
    expect(await step('PENDING')).toMatchObject({ status: 'PENDING', closedAt: null });
    expect(await step('RESOLVED')).toMatchObject({ status: 'RESOLVED', closedAt: null });
    const closed = await step('CLOSED');
    expect(closed.status).toBe('CLOSED');
    expect(closed.closedAt).toBe(closed.updatedAt);
    const reopened = await step('OPEN');
    expect(reopened).toMatchObject({ status: 'OPEN', closedAt: null });
    expect((await gql<{ case: CaseView }>(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id: opened.id })).data!.case).toEqual(
      reopened,
    );

    const changes = await sql<{ data: { from: string; to: string; subject: string; customerId: string } }>(
      "SELECT data FROM outbox WHERE type = 'crm.service.case.status-changed.v1' AND data->>'caseId' = $1 ORDER BY seq",
      [opened.id],
    );
    expect(changes.map((c) => `${c.data.from}->${c.data.to}`)).toEqual([
      'NEW->OPEN',
      'OPEN->PENDING',
      'PENDING->RESOLVED',
      'RESOLVED->CLOSED',
      'CLOSED->OPEN',
    ]);
    expect(changes[0]!.data).toMatchObject({ subject: opened.subject, customerId: opened.customerId });
  });

  it.each([
    ['the same status', ['OPEN'], 'OPEN', 'moving a case from OPEN to OPEN is not allowed'],
    ['CLOSED to RESOLVED', ['CLOSED'], 'RESOLVED', 'moving a case from CLOSED to RESOLVED is not allowed'],
    ['RESOLVED to PENDING', ['RESOLVED'], 'PENDING', 'moving a case from RESOLVED to PENDING is not allowed'],
    ['anything back to NEW', ['OPEN'], 'NEW', 'moving a case from OPEN to NEW is not allowed'],
  ])('refuses %s as BAD_USER_INPUT on status, writing nothing', async (_what, path, to, message) => {
    const opened = await openCase();
    for (const s of path) expect((await changeStatus(opened.id, s)).errors).toBeUndefined();
    const before = await writes();
    const res = await changeStatus(opened.id, to);
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(res.errors![0]!.message).toContain(message);
    expect(await writes()).toBe(before);
  });

  it('reads the case under a row lock, so a concurrent writer cannot be overwritten with a stale status', async () => {
    const opened = await openCase();
    // Another transaction holds the row and moves it NEW -> OPEN while our change is under way.
    const other = new Client({ connectionString: service.db.url });
    await other.connect();
    await other.query('BEGIN');
    // As the service's own transactions do: without a scope, row-level security shows it no case.
    await other.query("SELECT set_config('app.customer_id', '*', true)");
    await other.query('SELECT id FROM support_case WHERE id = $1 FOR UPDATE', [opened.id]);
    const pending = changeStatus(opened.id, 'OPEN');
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await other.query("UPDATE support_case SET status = 'OPEN' WHERE id = $1", [opened.id]);
    await other.query('COMMIT');
    await other.end();
    // It read the row only once the other transaction committed: NEW -> OPEN is now OPEN -> OPEN.
    const res = await pending;
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(res.errors![0]!.message).toContain('from OPEN to OPEN');
    const events = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE type = 'crm.service.case.status-changed.v1' AND data->>'caseId' = $1",
      [opened.id],
    );
    expect(events).toEqual([{ n: 0 }]);
  });

  it.each([
    ['an empty subject', 'mutation { openCase(input: { customerId: "CID", subject: "   ", priority: LOW }) { id } }', 'subject'],
    [
      'a 201-character subject',
      `mutation { openCase(input: { customerId: "CID", subject: "${'x'.repeat(201)}", priority: LOW }) { id } }`,
      'subject',
    ],
    [
      'a 10,001-character description',
      `mutation { openCase(input: { customerId: "CID", subject: "Ok", description: "${'x'.repeat(10_001)}", priority: LOW }) { id } }`,
      'description',
    ],
    ['a malformed customer id', 'mutation { openCase(input: { customerId: "42", subject: "Ok", priority: LOW }) { id } }', 'customerId'],
    ['a malformed case id', 'mutation { changeCaseStatus(input: { caseId: "42", status: OPEN }) { id } }', 'caseId'],
    ['a malformed id', 'query { case(id: "42") { id } }', 'id'],
    ['a malformed customer filter', 'query { cases(filter: { customerId: "nope" }) { edges { cursor } } }', 'filter.customerId'],
    ['a page larger than 100', 'query { cases(first: 500) { edges { cursor } } }', 'first'],
    ['a page of 0', 'query { cases(first: 0) { edges { cursor } } }', 'first'],
    ['a cursor this list did not produce', 'query { cases(after: "garbage") { edges { cursor } } }', 'after'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, query, field) => {
    const before = await writes();
    const res = await gql(query.replace('CID', randomUUID()));
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res)).not.toMatch(/stack|QueryFailedError|node_modules/);
    expect(await writes()).toBe(before);
  });

  it('refuses an unknown enum value through GraphQL itself as BAD_USER_INPUT', async () => {
    const before = await writes();
    const res = await gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { ...caseInput.build(), priority: 'CATASTROPHIC' },
    });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'priority' });
    expect(await writes()).toBe(before);
  });

  describe('the cases connection', () => {
    type Page = {
      cases: { edges: { cursor: string; node: { subject: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    };
    const customerId = randomUUID();
    const page = (args: string, after: string | null) =>
      gql<Page>(
        `query($after: String) { cases(first: 2, after: $after, ${args}) { edges { cursor node { subject } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
    const all = async (args: string): Promise<string[]> => {
      const subjects: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const res: GqlResponse<Page> = await page(args, after);
        expect(res.errors).toBeUndefined();
        subjects.push(...res.data!.cases.edges.map((e) => e.node.subject));
        if (!res.data!.cases.pageInfo.hasNextPage) return subjects;
        after = res.data!.cases.pageInfo.endCursor;
      }
      throw new Error('too many pages');
    };

    beforeAll(async () => {
      // Opened in this order, so newest first is the reverse.
      for (const [subject, priority] of [
        ['c1 low', 'LOW'],
        ['c2 urgent', 'URGENT'],
        ['c3 medium', 'MEDIUM'],
        ['c4 urgent', 'URGENT'],
        ['c5 high', 'HIGH'],
      ]) {
        await openCase({ customerId, subject, priority });
      }
      const [c3] = await sql<{ id: string }>("SELECT id FROM support_case WHERE subject = 'c3 medium'");
      expect((await changeStatus(c3!.id, 'PENDING')).errors).toBeUndefined();
    });

    itPagesWithCursors({
      gql: () => gql,
      field: 'cases',
      sortType: 'CaseSort',
      filterType: 'CaseFilter',
      label: 'subject',
      filter: { customerId },
      orders: {
        OPENED_AT_DESC: ['c5 high', 'c4 urgent', 'c3 medium', 'c2 urgent', 'c1 low'],
        // Most urgent first, newest first within a priority.
        PRIORITY_DESC: ['c4 urgent', 'c2 urgent', 'c5 high', 'c3 medium', 'c1 low'],
      },
    });

    it('filters by status and priority', async () => {
      expect(await all(`filter: { customerId: "${customerId}", status: PENDING }`)).toEqual(['c3 medium']);
      expect(await all(`filter: { customerId: "${customerId}", priority: URGENT }`)).toEqual(['c4 urgent', 'c2 urgent']);
      expect(await all(`filter: { customerId: "${randomUUID()}" }`)).toEqual([]);
    });
  });

  it('resolves cases and openCaseCount on 20 customers through _entities in as many SQL statements as for 2', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    // Customer i has i % 3 cases; customer 4's only case is closed, one of customer 5's two is resolved.
    for (const [i, id] of ids.entries()) for (let k = 0; k < i % 3; k++) await openCase({ customerId: id, subject: `entity ${i}.${k}` });
    const casesOf = async (i: number) =>
      (await sql<{ id: string }>('SELECT id FROM support_case WHERE customer_id = $1 ORDER BY opened_at', [ids[i]])).map((r) => r.id);
    expect((await changeStatus((await casesOf(4))[0]!, 'CLOSED')).errors).toBeUndefined();
    expect((await changeStatus((await casesOf(5))[1]!, 'RESOLVED')).errors).toBeUndefined();

    type Entities = { id: string; cases: { subject: string; status: string }[] | null; openCaseCount: number | null }[];
    // Only this subgraph's own tables: the outbox relay polls in the background meanwhile.
    const resolve = async (some: string[]) => {
      const { statements, result: entities } = await fewestStatements(
        async () => {
          const res = await gql<{ _entities: Entities }>(
            'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id openCaseCount cases { subject status } } } }',
            { r: some.map((id) => ({ __typename: 'Customer', id })) },
          );
          expect(res.errors).toBeUndefined();
          return res.data!._entities;
        },
        (sql) => sql.includes('support_case'),
      );
      return { entities, statements };
    };
    const forTwo = await resolve(ids.slice(0, 2));
    const forTwenty = await resolve(ids);
    expect(forTwenty.statements).toBe(forTwo.statements);
    expect(forTwo.statements).toBe(2); // one for cases, one GROUP BY for openCaseCount

    expect(forTwenty.entities.map((e) => e.id)).toEqual(ids);
    expect(forTwenty.entities.map((e) => e.cases!.length)).toEqual(ids.map((_, i) => i % 3));
    expect(forTwenty.entities.map((e) => e.openCaseCount)).toEqual(ids.map((_, i) => (i === 4 ? 0 : i === 5 ? 1 : i % 3)));
    expect(forTwenty.entities[5]!.cases).toEqual([
      { subject: 'entity 5.1', status: 'RESOLVED' },
      { subject: 'entity 5.0', status: 'NEW' },
    ]);
  });

  it('answers an empty list and 0 for a customer without cases, and for an id that is not a UUID', async () => {
    const nobody = randomUUID();
    const res = await gql<{ _entities: unknown[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id openCaseCount cases { id } } } }',
      {
        r: [nobody, 'not-a-uuid'].map((id) => ({ __typename: 'Customer', id })),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: nobody, openCaseCount: 0, cases: [] },
      { id: 'not-a-uuid', openCaseCount: 0, cases: [] },
    ]);
  });

  it('publishes CaseOpened and CaseStatusChanged as CloudEvents keyed by customer id', async () => {
    const opened = await openCase({ subject: 'Evented printer', priority: 'LOW' });
    expect((await changeStatus(opened.id, 'RESOLVED')).errors).toBeUndefined();

    const kafka = new Kafka({ brokers: service.brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `${uniqueTopicPrefix()}-service-spec`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.serviceCase, fromBeginning: true });
    const found: { key: string; event: CloudEvent }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = fromKafkaMessage(message);
          if ((event.data as { caseId?: string }).caseId !== opened.id) return;
          found.push({ key: message.key!.toString(), event });
          if (found.length === 2) resolve();
        },
      });
    });
    await consumer.disconnect();

    expect(found.map((f) => f.key)).toEqual([opened.customerId, opened.customerId]);
    expect(found.map((f) => [f.event.type, f.event.source, f.event.subject])).toEqual([
      ['crm.service.case.opened.v1', 'crm.service', opened.customerId],
      ['crm.service.case.status-changed.v1', 'crm.service', opened.customerId],
    ]);
    expect(found[0]!.event.data).toEqual({
      caseId: opened.id,
      customerId: opened.customerId,
      subject: 'Evented printer',
      priority: 'LOW',
      status: 'NEW',
      openedAt: opened.openedAt,
      productId: null,
      // The queue routing put it in, as service keeps it.
      queueId: (await service.sql<{ queue_id: string | null }>('SELECT queue_id FROM support_case WHERE id = $1', [opened.id]))[0]!
        .queue_id,
    });
    expect(found[1]!.event.data).toMatchObject({
      caseId: opened.id,
      customerId: opened.customerId,
      subject: 'Evented printer',
      from: 'NEW',
      to: 'RESOLVED',
      productId: null,
    });
  });
});
