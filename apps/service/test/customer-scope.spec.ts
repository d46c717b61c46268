import { randomUUID } from 'node:crypto';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { asCustomer } from '@crm/testing';
import { serviceSubgraph } from '../src/service.subgraph';

/**
 * The self-service scope through the service subgraph's GraphQL: a customer's contact sees its own
 * customer's cases, their replies (never internal notes) and published public articles, opens a
 * case and replies; another customer's case answers as one that does not exist. Row-level security
 * is the backstop and fails closed when no scope is set.
 */
describe('service: the customer (self-service) scope', () => {
  const service = useTestSubgraph(serviceSubgraph);
  const { gql } = service;

  const [customerA, contactA, customerB, contactB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const alice = () => service.gqlAs(asCustomer(customerA, contactA));
  const bob = () => service.gqlAs(asCustomer(customerB, contactB));
  let caseA: string;
  let caseB: string;
  let publicArticle: string;
  let internalArticle: string;
  let draftArticle: string;

  const writes = async () =>
    JSON.stringify(
      await service.sql(
        'SELECT (SELECT count(*) FROM support_case) AS cases, (SELECT count(*) FROM case_message) AS messages, (SELECT count(*) FROM outbox) AS events',
      ),
    );
  const openAsStaff = async (customerId: string) => {
    service.customers.add(customerId);
    const res = await gql<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { customerId, subject: `Broken for ${customerId}`, priority: 'HIGH' },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.openCase.id;
  };
  const post = (caseId: string, body: string, internal: boolean) =>
    gql('mutation($i: PostCaseMessageInput!) { postCaseMessage(input: $i) { id } }', { i: { caseId, body, internal } });
  const article = async (title: string, visibility: string, publish: boolean) => {
    const created = await gql<{ createKnowledgeArticle: { id: string } }>(
      'mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { id } }',
      { i: { title, body: `${title}: the fix for the broken widget.`, visibility } },
    );
    const id = created.data!.createKnowledgeArticle.id;
    if (publish) expect((await gql('mutation($id: ID!) { publishKnowledgeArticle(id: $id) { id } }', { id })).errors).toBeUndefined();
    return id;
  };

  beforeAll(async () => {
    caseA = await openAsStaff(customerA);
    caseB = await openAsStaff(customerB);
    for (const [c, who] of [
      [caseA, 'A'],
      [caseB, 'B'],
    ] as const) {
      expect((await post(c, `Reply to ${who}`, false)).errors).toBeUndefined();
      expect((await post(c, `Internal about ${who}`, true)).errors).toBeUndefined();
    }
    publicArticle = await article('Widget public fix', 'PUBLIC', true);
    internalArticle = await article('Widget internal fix', 'INTERNAL', true);
    draftArticle = await article('Widget draft fix', 'PUBLIC', false);
  });

  it("reads its own case by id, in the list and on its customer through _entities, and another customer's as missing", async () => {
    const byId = (id: string) => alice()<{ case: { id: string } | null }>('query($id: ID!) { case(id: $id) { id customerId } }', { id });
    expect((await byId(caseA)).data!.case).toEqual({ id: caseA, customerId: customerA });
    const other = await byId(caseB);
    expect(other.errors).toBeUndefined();
    expect(other.data!.case).toBeNull();
    // Exactly as an id that names nothing.
    expect(await byId(randomUUID())).toEqual({ data: { case: null } });

    const list = await alice()<{ cases: { edges: { node: { id: string } }[] } }>('{ cases(first: 100) { edges { node { id } } } }');
    expect(list.data!.cases.edges.map((e) => e.node.id)).toEqual([caseA]);
    const filtered = await alice()<{ cases: { edges: unknown[] } }>(
      'query($c: ID!) { cases(filter: { customerId: $c }) { edges { node { id } } } }',
      {
        c: customerB,
      },
    );
    expect(filtered.data!.cases.edges).toEqual([]);

    const entities = await alice()<{ _entities: ({ cases: { id: string }[]; openCaseCount: number } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { cases { id } openCaseCount } } }',
      {
        r: [
          { __typename: 'Customer', id: customerA },
          { __typename: 'Customer', id: customerB },
        ],
      },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([
      { cases: [{ id: caseA }], openCaseCount: 1 },
      { cases: [], openCaseCount: 0 },
    ]);
  });

  it("reads its case's replies but never internal notes or who in support wrote them, and another customer's thread as NOT_FOUND", async () => {
    type Thread = { caseThread: { edges: { node: { body: string; internal: boolean; authorId: string | null } }[] } };
    const query = 'query($c: ID!) { caseThread(caseId: $c) { edges { node { body internal authorId } } } }';
    const thread = (caseId: string) => alice()<Thread>(query, { c: caseId });
    // Support's user id is support's: the customer reads null there, as for the system's messages.
    expect((await thread(caseA)).data!.caseThread.edges.map((e) => e.node)).toEqual([
      { body: 'Reply to A', internal: false, authorId: null },
    ]);
    const asStaff = (await gql<Thread>(query, { c: caseA })).data!.caseThread.edges.map((e) => e.node);
    expect(asStaff.find((m) => m.body === 'Reply to A')!.authorId).toMatch(/^[0-9a-f-]{36}$/);
    const other = await thread(caseB);
    expect(other.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
    expect(other.errors![0]!.message).not.toContain('Reply to B');
  });

  it('opens a case of its own customer through the PORTAL channel, as its own contact', async () => {
    const res = await alice()<{ openCase: { customerId: string; channel: string; contactId: string } }>(
      'mutation($i: OpenCaseInput!) { openCase(input: $i) { customerId channel contactId } }',
      { i: { customerId: customerA, subject: 'Widget wobbles', priority: 'MEDIUM' } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.openCase).toEqual({ customerId: customerA, channel: 'PORTAL', contactId: contactA });
  });

  it.each([
    ["another customer's", () => ({ customerId: customerB }), 'NOT_FOUND', 'customerId'],
    ['another contact', () => ({ customerId: customerA, contactId: contactB }), 'BAD_USER_INPUT', 'contactId'],
    ['a queue', () => ({ customerId: customerA, queueId: randomUUID() }), 'BAD_USER_INPUT', 'queueId'],
    ['an assignee', () => ({ customerId: customerA, assigneeId: randomUUID() }), 'BAD_USER_INPUT', 'assigneeId'],
  ])('refuses a case naming %s, writing nothing', async (_what, over, code, field) => {
    const before = await writes();
    const res = await alice()('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { subject: 'Sneaky', priority: 'LOW', ...over() },
    });
    expect(res.errors![0]!.extensions).toEqual({ code, field });
    expect(await writes()).toBe(before);
  });

  it("replies on its own case (which does not answer the SLA's first response), and not on another's or as a note", async () => {
    const fresh = await openAsStaff(customerA);
    const reply = (caseId: string, internal = false) =>
      alice()('mutation($i: PostCaseMessageInput!) { postCaseMessage(input: $i) { id authorId internal } }', {
        i: { caseId, body: 'Still broken', internal },
      });
    const mine = await reply(fresh);
    expect(mine.errors).toBeUndefined();
    expect(mine.data).toMatchObject({ postCaseMessage: { authorId: contactA, internal: false } });
    expect(await service.sql('SELECT first_responded_at FROM support_case WHERE id = $1', [fresh])).toEqual([{ first_responded_at: null }]);
    const before = await writes();
    expect((await reply(caseB)).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
    expect((await reply(fresh, true)).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'internal' });
    expect(await writes()).toBe(before);
  });

  it('is refused what support alone does', async () => {
    const res = await alice()('mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id } }', { i: { id: caseA, priority: 'URGENT' } });
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const queues = await alice()('{ queues { edges { node { id } } } }');
    expect(queues.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('reads published public articles only: by id, in lists and in search', async () => {
    const byId = async (id: string) =>
      (await alice()<{ knowledgeArticle: { id: string } | null }>('query($id: ID!) { knowledgeArticle(id: $id) { id } }', { id })).data!
        .knowledgeArticle;
    expect(await byId(publicArticle)).toEqual({ id: publicArticle });
    expect(await byId(internalArticle)).toBeNull();
    expect(await byId(draftArticle)).toBeNull();
    const search = await alice()<{ searchKnowledgeArticles: { edges: { node: { article: { id: string } } }[] } }>(
      '{ searchKnowledgeArticles(query: "widget") { edges { node { article { id } } } } }',
    );
    expect(search.data!.searchKnowledgeArticles.edges.map((e) => e.node.article.id)).toEqual([publicArticle]);
    const internalSearch = await alice()<{ searchKnowledgeArticles: { edges: unknown[] } }>(
      '{ searchKnowledgeArticles(query: "widget", visibility: INTERNAL) { edges { node { snippet } } } }',
    );
    expect(internalSearch.data!.searchKnowledgeArticles.edges).toEqual([]);
    const list = await alice()<{ knowledgeArticles: { edges: { node: { id: string } }[] } }>(
      '{ knowledgeArticles(filter: { status: DRAFT }) { edges { node { id } } } }',
    );
    expect(list.data!.knowledgeArticles.edges).toEqual([]);
    const all = await alice()<{ knowledgeArticles: { edges: { node: { id: string } }[] } }>(
      '{ knowledgeArticles { edges { node { id } } } }',
    );
    expect(all.data!.knowledgeArticles.edges.map((e) => e.node.id)).toEqual([publicArticle]);
  });

  it('keeps two customers apart over 500 interleaved requests', async () => {
    const leaks: string[] = [];
    const REQUESTS = 500;
    let next = 0;
    let answered = 0;
    // 20 callers at a time, each taking the next request as it finishes: the two customers'
    // requests stay interleaved on the pool's connections without 500 at once swamping the machine.
    const caller = async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        const [client, own, other] = i % 2 ? [alice(), customerA, caseB] : [bob(), customerB, caseA];
        const res = await client<{ cases: { edges: { node: { customerId: string } }[] }; case: { id: string } | null }>(
          'query($other: ID!) { cases(first: 100) { edges { node { customerId } } } case(id: $other) { id } }',
          { other },
        );
        answered++;
        if (res.errors) leaks.push(JSON.stringify(res.errors));
        for (const e of res.data?.cases.edges ?? []) if (e.node.customerId !== own) leaks.push(`${own} saw ${e.node.customerId}`);
        if (res.data?.case) leaks.push(`${own} read ${other}`);
        if (!res.data?.cases.edges.length) leaks.push(`${own} saw none of its own`);
      }
    };
    await Promise.all(Array.from({ length: 20 }, caller));
    expect(answered).toBe(REQUESTS);
    expect(leaks).toEqual([]);
  });

  it('has row-level security fail closed: no scope set sees no case, no message, no article; a scope sees its own rows', async () => {
    const counts = (setup: string | null) =>
      service.asApp(null, async (c) => {
        if (setup !== null) await c.query(`SELECT set_config('app.customer_id', $1, true)`, [setup]);
        const { rows } = await c.query<{ cases: number; messages: number; articles: number; customers: string[] | null }>(
          `SELECT (SELECT count(*)::int FROM support_case) AS cases, (SELECT count(*)::int FROM case_message) AS messages,
                  (SELECT count(*)::int FROM kb_article) AS articles, (SELECT array_agg(DISTINCT customer_id::text) FROM support_case) AS customers`,
        );
        return rows[0]!;
      });
    expect(await counts(null)).toEqual({ cases: 0, messages: 0, articles: 0, customers: null });
    expect(await counts('')).toEqual({ cases: 0, messages: 0, articles: 0, customers: null });
    const scoped = await counts(customerB);
    expect(scoped.customers).toEqual([customerB]);
    expect(scoped.articles).toBe(1);
    // B's one reply; its internal note stays hidden even from a query that forgot the filter.
    expect(scoped.messages).toBe(1);
    const all = await counts('*');
    expect(all.cases).toBeGreaterThan(scoped.cases);
    // A scoped transaction cannot write another customer's case either.
    await expect(
      service.asApp(null, async (c) => {
        await c.query(`SELECT set_config('app.customer_id', $1, true)`, [customerB]);
        await c.query(
          `INSERT INTO support_case (id, customer_id, subject, type, channel, priority, priority_rank, status, opened_at, updated_at)
           VALUES ($1, $2, 'x', 'REQUEST', 'WEB', 'LOW', 1, 'NEW', now(), now())`,
          [randomUUID(), customerA],
        );
      }),
    ).rejects.toThrow(/row-level security/);
  });
});
