import { randomUUID } from 'node:crypto';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { serviceSubgraph } from '../src/service.subgraph';
import { salesTiers } from './customer-tiers.test-helper';

/** Queues, their members and routing rules, and the assignee a new case gets, through GraphQL. */
describe('service: queues and routing', () => {
  const service = useTestSubgraph(serviceSubgraph);
  const { events, gql } = service;

  const writes = async () =>
    JSON.stringify(
      await service.sql(
        `SELECT (SELECT count(*) FROM support_case) AS cases, (SELECT count(*) FROM queue) AS queues,
                (SELECT count(*) FROM queue_member) AS members, (SELECT string_agg(id::text, ',' ORDER BY position) FROM routing_rule) AS rules,
                (SELECT count(*) FROM outbox) AS events`,
      ),
    );
  const createQueue = async (name: string, routingMode: string, memberIds: string[]): Promise<string> => {
    const res = await gql<{ createQueue: { id: string; members: string[] } }>(
      'mutation($i: CreateQueueInput!) { createQueue(input: $i) { id name routingMode members } }',
      { i: { name, routingMode, memberIds } },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createQueue.id;
  };
  const setRules = (rules: Record<string, unknown>[]) =>
    gql<{ setRoutingRules: { position: number; queueId: string }[] }>(
      'mutation($i: SetRoutingRulesInput!) { setRoutingRules(input: $i) { position queueId caseType channel productId customerTier } }',
      { i: { rules } },
    );
  const open = async (input: Record<string, unknown>) => {
    const res = await gql<{ openCase: { id: string; queueId: string | null; assigneeId: string | null; customerTier: number | null } }>(
      'mutation($i: OpenCaseInput!) { openCase(input: $i) { id queueId assigneeId customerTier } }',
      { i: { customerId: service.customers.add(), subject: 'Help', priority: 'MEDIUM', ...input } },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.openCase;
  };
  /** Member ids in the order round-robin serves them: by user id. */
  const users = (n: number) => Array.from({ length: n }, () => randomUUID()).sort();

  it('creates a queue with members, reads it back, and refuses a second queue of the same name', async () => {
    const members = users(2);
    const id = await createQueue('Billing', 'LEAST_OPEN', [...members, members[0]!.toUpperCase()]);
    const read = await gql<{ queue: { name: string; routingMode: string; members: string[] } }>(
      'query($id: ID!) { queue(id: $id) { name routingMode members } }',
      { id },
    );
    expect(read.data!.queue).toEqual({ name: 'Billing', routingMode: 'LEAST_OPEN', members });
    const before = await writes();
    const again = await gql('mutation { createQueue(input: { name: "Billing" }) { id } }');
    expect(again.errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'name' });
    expect(await writes()).toBe(before);
  });

  it('lists "my cases": assigned to the caller, or also in the queues it works; the assignee is a User', async () => {
    const [me, colleague] = users(2) as [string, string];
    const mine = await createQueue('Mine', 'ROUND_ROBIN', [me, colleague]);
    const theirs = await createQueue('Theirs', 'ROUND_ROBIN', [colleague]);
    const assignedToMe = (await open({ queueId: theirs, assigneeId: me })).id;
    const inMyQueue = (await open({ queueId: mine, assigneeId: colleague })).id;
    await open({ queueId: theirs, assigneeId: colleague });
    await open({ assigneeId: me.toUpperCase(), queueId: null });
    const asMe = service.gqlAs({ roles: ['service'], userId: me });
    const list = async (assignee: string, as = asMe) => {
      const res = await as<{ cases: { edges: { node: { id: string; assigneeId: string; assignee: { id: string } | null } }[] } }>(
        'query($a: CaseAssignee) { cases(first: 100, filter: { assignee: $a }) { edges { node { id assigneeId assignee { id } } } } }',
        { a: assignee },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.cases.edges.map((e) => e.node);
    };
    const assigned = await list('ME');
    expect(assigned).toHaveLength(2);
    expect(assigned.every((n) => n.assigneeId === me && n.assignee?.id === me)).toBe(true);
    expect(assigned.map((n) => n.id)).toContain(assignedToMe);
    const queues = (await list('MY_QUEUES')).map((n) => n.id);
    expect(queues.sort()).toEqual([...assigned.map((n) => n.id), inMyQueue].sort());
    // A caller whose token names no user has no cases of its own.
    expect(await list('ME', service.gqlAs({ roles: ['service'], userId: null }))).toEqual([]);
    const bad = await asMe('{ cases(first: 5, filter: { assignee: EVERYONE }) { edges { node { id } } } }');
    expect(bad.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('routes a new case by the first matching rule and deals it round-robin to the members', async () => {
    const productId = service.customers.addProduct();
    const members = users(3);
    const chat = await createQueue('Chat', 'ROUND_ROBIN', members);
    const catchAll = await createQueue('Everything else', 'ROUND_ROBIN', users(1));
    const rules = await setRules([{ channel: 'CHAT', productId, queueId: chat }, { queueId: catchAll }]);
    expect(rules.errors).toBeUndefined();
    expect(rules.data!.setRoutingRules.map((r) => [r.position, r.queueId])).toEqual([
      [0, chat],
      [1, catchAll],
    ]);

    const routed = [];
    for (let i = 0; i < 4; i++) routed.push(await open({ channel: 'CHAT', productId }));
    expect(routed.map((c) => c.queueId)).toEqual([chat, chat, chat, chat]);
    expect(routed.map((c) => c.assigneeId)).toEqual([members[0], members[1], members[2], members[0]]);
    // Same channel, another product: the first rule does not match, the catch-all does.
    expect((await open({ channel: 'CHAT' })).queueId).toBe(catchAll);

    const [assigned] = await service.sql<{ data: Record<string, unknown> }>(
      "SELECT data FROM outbox WHERE type = 'crm.service.case.assigned.v1' AND data->>'caseId' = $1",
      [routed[1]!.id],
    );
    expect(assigned!.data).toMatchObject({ assigneeId: members[1], queueId: chat, productId, previousAssigneeId: null });
  });

  it('gives LEAST_OPEN cases to the member with the fewest open cases', async () => {
    const [busy, idle] = users(2);
    const queueId = await createQueue('Returns', 'LEAST_OPEN', [busy!, idle!]);
    expect((await setRules([{ caseType: 'RETURN', queueId }])).errors).toBeUndefined();
    await open({ assigneeId: busy, queueId });
    await open({ assigneeId: busy, queueId });
    const first = await open({ type: 'RETURN' });
    expect(first).toMatchObject({ queueId, assigneeId: idle });
    await open({ type: 'RETURN' }); // idle: 2, busy: 2; the tie goes to the earliest added (both added together: lowest id)
    const resolved = await open({ assigneeId: idle, queueId });
    await gql('mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { id } }', {
      i: { caseId: resolved.id, status: 'RESOLVED' },
    });
    // Resolved cases do not count: idle has 2 open, busy 2 or 3.
    const counts = await service.sql<{ assignee_id: string; n: number }>(
      "SELECT assignee_id, count(*)::int AS n FROM support_case WHERE queue_id = $1 AND status IN ('NEW', 'OPEN', 'PENDING') GROUP BY assignee_id",
      [queueId],
    );
    const fewest = [...counts].sort((a, b) => a.n - b.n || a.assignee_id.localeCompare(b.assignee_id))[0]!.assignee_id;
    expect((await open({ type: 'RETURN' })).assigneeId).toBe(fewest);
  });

  it("routes by the customer's tier as sales' events last gave it: a tier change reaches new cases, not the routed ones", async () => {
    const tiers = salesTiers(service, events);
    const customerId = randomUUID();
    await tiers.created(customerId, 1);
    const top = await createQueue('Top accounts', 'ROUND_ROBIN', users(1));
    const rest = await createQueue('Everyone', 'ROUND_ROBIN', users(1));
    const rules = await setRules([{ customerTier: 1, queueId: top }, { queueId: rest }]);
    expect(rules.data!.setRoutingRules).toEqual([
      { position: 0, queueId: top, caseType: null, channel: null, productId: null, customerTier: 1 },
      { position: 1, queueId: rest, caseType: null, channel: null, productId: null, customerTier: null },
    ]);

    const first = await open({ customerId });
    expect(first).toMatchObject({ queueId: top, customerTier: 1 });
    // A customer of no known tier does not match a tier's rule.
    expect(await open({})).toMatchObject({ queueId: rest, customerTier: null });

    await tiers.changed(customerId, 1, 3);
    expect(await open({ customerId })).toMatchObject({ queueId: rest, customerTier: 3 });
    const routed = await gql<{ case: { queueId: string; customerTier: number } }>(
      'query($id: ID!) { case(id: $id) { queueId customerTier } }',
      {
        id: first.id,
      },
    );
    expect(routed.data!.case).toEqual({ queueId: top, customerTier: 1 });
  });

  it('keeps a named assignee and a named queue over the rules, and leaves an unmatched case unrouted', async () => {
    const queueId = await createQueue('VIP', 'ROUND_ROBIN', users(2));
    expect((await setRules([{ channel: 'PHONE', queueId }])).errors).toBeUndefined();
    const someone = randomUUID();
    expect(await open({ channel: 'PHONE', assigneeId: someone })).toMatchObject({ queueId, assigneeId: someone });
    expect(await open({ channel: 'EMAIL' })).toMatchObject({ queueId: null, assigneeId: null });
    const empty = await createQueue('Nobody home', 'ROUND_ROBIN', []);
    expect(await open({ channel: 'EMAIL', queueId: empty })).toMatchObject({ queueId: empty, assigneeId: null });
  });

  it('moves a case to another queue with updateCase, keeping its assignee', async () => {
    const from = await createQueue('Tier 1', 'ROUND_ROBIN', users(1));
    const to = await createQueue('Tier 2', 'ROUND_ROBIN', users(1));
    const opened = await open({ queueId: from });
    const res = await gql<{ updateCase: { queueId: string; assigneeId: string } }>(
      'mutation($i: UpdateCaseInput!) { updateCase(input: $i) { queueId assigneeId } }',
      { i: { id: opened.id, queueId: to } },
    );
    expect(res.data!.updateCase).toEqual({ queueId: to, assigneeId: opened.assigneeId });
    const before = await writes();
    const unknown = await gql('mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id } }', {
      i: { id: opened.id, queueId: randomUUID() },
    });
    expect(unknown.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'queueId' });
    expect(await writes()).toBe(before);
  });

  describe('bad input writes nothing', () => {
    it('refuses an unknown queue on a new case as NOT_FOUND on queueId', async () => {
      const before = await writes();
      const res = await gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
        i: { customerId: service.customers.add(), subject: 'x', priority: 'LOW', queueId: randomUUID() },
      });
      expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'queueId' });
      expect(await writes()).toBe(before);
    });

    it('refuses rules naming an unknown queue or product, by their position, keeping the old rules', async () => {
      const queueId = await createQueue('Kept', 'ROUND_ROBIN', []);
      expect((await setRules([{ queueId }])).errors).toBeUndefined();
      const before = await writes();
      const unknownQueue = await setRules([{ queueId }, { queueId: randomUUID() }]);
      expect(unknownQueue.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'rules.1.queueId' });
      const unknownProduct = await setRules([{ queueId, productId: randomUUID() }]);
      expect(unknownProduct.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'rules.0.productId' });
      expect(await writes()).toBe(before);
    });

    it.each([
      ['an empty name', 'mutation { createQueue(input: { name: "  " }) { id } }', 'name'],
      ['a 101-character name', `mutation { createQueue(input: { name: "${'q'.repeat(101)}" }) { id } }`, 'name'],
      ['a malformed member id', 'mutation { createQueue(input: { name: "Q", memberIds: ["bob"] }) { id } }', 'memberIds'],
      [
        '101 members',
        `mutation { createQueue(input: { name: "Q", memberIds: [${Array.from({ length: 101 }, () => `"${randomUUID()}"`).join(',')}] }) { id } }`,
        'memberIds',
      ],
      [
        'members of an unknown queue',
        `mutation { setQueueMembers(input: { queueId: "${randomUUID()}", memberIds: [] }) { id } }`,
        'queueId',
      ],
      [
        'a malformed queue id in a rule',
        'mutation { setRoutingRules(input: { rules: [{ queueId: "q1" }] }) { position } }',
        'rules.0.queueId',
      ],
      [
        'an unknown customer tier in a rule',
        `mutation { setRoutingRules(input: { rules: [{ queueId: "${randomUUID()}", customerTier: 6 }] }) { position } }`,
        'rules.0.customerTier',
      ],
      ['a queue cursor this list did not produce', 'query { queues(after: "nope") { edges { cursor } } }', 'after'],
    ])('refuses %s naming the field', async (_what, query, field) => {
      const before = await writes();
      const res = await gql(query);
      expect(res.errors![0]!.extensions).toMatchObject({ field });
      expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(res.errors![0]!.extensions!.code);
      expect(await writes()).toBe(before);
    });
  });

  it('refuses an unknown routing mode through GraphQL itself, naming the field', async () => {
    const before = await writes();
    const res = await gql('mutation($i: CreateQueueInput!) { createQueue(input: $i) { id } }', { i: { name: 'Q', routingMode: 'RANDOM' } });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'routingMode' });
    expect(await writes()).toBe(before);
  });

  it('pages queues by name', async () => {
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: Awaited<
        ReturnType<typeof gql<{ queues: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>>
      > = await gql('query($a: String) { queues(first: 2, after: $a) { edges { node { name } } pageInfo { hasNextPage endCursor } } }', {
        a: after,
      });
      names.push(...res.data!.queues.edges.map((e) => e.node.name));
      if (!res.data!.queues.pageInfo.hasNextPage) break;
      after = res.data!.queues.pageInfo.endCursor;
    }
    expect(names.length).toBeGreaterThan(3);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });
});
