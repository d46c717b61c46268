import { randomUUID } from 'node:crypto';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { ADMIN } from '@crm/testing';
import { serviceSubgraph } from '../src/service.subgraph';

/** A case's details, its thread, related cases and merges, through the service subgraph's GraphQL. */
describe('service: a case, complete', () => {
  const service = useTestSubgraph(serviceSubgraph);
  const { gql } = service;

  const FIELDS =
    'id customerId subject description type channel priority status productId contactId assigneeId mergedIntoId updatedAt closedAt';
  interface CaseView {
    id: string;
    customerId: string;
    subject: string;
    description: string | null;
    type: string;
    channel: string;
    priority: string;
    status: string;
    productId: string | null;
    contactId: string | null;
    assigneeId: string | null;
    mergedIntoId: string | null;
    updatedAt: string;
    closedAt: string | null;
  }

  /** Rows and events, to show a refused write wrote nothing. */
  const writes = async () =>
    JSON.stringify(
      await service.sql(
        `SELECT (SELECT count(*) FROM support_case) AS cases, (SELECT max(updated_at) FROM support_case) AS latest,
                (SELECT count(*) FROM case_message) AS messages, (SELECT count(*) FROM case_relation) AS relations,
                (SELECT count(*) FROM outbox) AS events`,
      ),
    );
  const eventsOf = (caseId: string) =>
    service.sql<{ type: string; data: Record<string, unknown> }>("SELECT type, data FROM outbox WHERE data->>'caseId' = $1 ORDER BY seq", [
      caseId,
    ]);

  const open = async (input: Record<string, unknown> = {}): Promise<CaseView> => {
    const customerId = (input.customerId as string | undefined) ?? service.customers.add();
    const res = await gql<{ openCase: CaseView }>(`mutation($i: OpenCaseInput!) { openCase(input: $i) { ${FIELDS} } }`, {
      i: { subject: 'Printer on fire', priority: 'HIGH', ...input, customerId },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.openCase;
  };
  const update = (input: Record<string, unknown>) =>
    gql<{ updateCase: CaseView }>(`mutation($i: UpdateCaseInput!) { updateCase(input: $i) { ${FIELDS} } }`, { i: input });
  const post = (caseId: string, body: string, internal?: boolean) =>
    gql<{ postCaseMessage: { id: string; caseId: string; internal: boolean; body: string; authorId: string | null; postedAt: string } }>(
      'mutation($i: PostCaseMessageInput!) { postCaseMessage(input: $i) { id caseId internal body authorId postedAt } }',
      { i: { caseId, body, ...(internal === undefined ? {} : { internal }) } },
    );
  type ThreadPage = {
    caseThread: { edges: { node: { body: string; internal: boolean } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
  };
  const thread = async (caseId: string): Promise<string[]> => {
    const bodies: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: Awaited<ReturnType<typeof gql<ThreadPage>>> = await gql<ThreadPage>(
        'query($c: ID!, $a: String) { caseThread(caseId: $c, first: 2, after: $a) { edges { node { body internal } } pageInfo { hasNextPage endCursor } } }',
        { c: caseId, a: after },
      );
      expect(res.errors).toBeUndefined();
      bodies.push(...res.data!.caseThread.edges.map((e) => `${e.node.internal ? 'note' : 'reply'}: ${e.node.body}`));
      if (!res.data!.caseThread.pageInfo.hasNextPage) return bodies;
      after = res.data!.caseThread.pageInfo.endCursor;
    }
  };
  const relate = (caseId: string, relatedCaseId: string) =>
    gql<{ relateCases: { id: string } }>('mutation($i: RelateCasesInput!) { relateCases(input: $i) { id } }', {
      i: { caseId, relatedCaseId },
    });
  const related = async (id: string) =>
    (await gql<{ case: { relatedCases: { id: string }[] } }>('query($id: ID!) { case(id: $id) { relatedCases { id } } }', { id }))
      .data!.case.relatedCases.map((c) => c.id)
      .sort();
  const merge = (duplicateId: string, intoId: string) =>
    gql<{ mergeCases: CaseView }>(`mutation($i: MergeCasesInput!) { mergeCases(input: $i) { ${FIELDS} } }`, { i: { duplicateId, intoId } });

  afterEach(() => {
    service.customers.down = false;
  });

  describe('opening', () => {
    it('records channel, product, contact and assignee, and publishes the product and the assignment', async () => {
      const productId = service.customers.addProduct();
      const customerId = service.customers.add();
      const contactId = service.customers.addContact(customerId);
      const assigneeId = randomUUID();
      const opened = await open({
        customerId,
        type: 'INCIDENT',
        channel: 'PHONE',
        productId: productId.toUpperCase(),
        contactId,
        assigneeId,
      });
      expect(opened).toMatchObject({ type: 'INCIDENT', channel: 'PHONE', productId, contactId, assigneeId, mergedIntoId: null });
      const events = await eventsOf(opened.id);
      expect(events.map((e) => e.type)).toEqual(['crm.service.case.opened.v1', 'crm.service.case.assigned.v1']);
      expect(events[0]!.data).toMatchObject({ productId });
      expect(events[1]!.data).toMatchObject({ productId, assigneeId, previousAssigneeId: null });
    });

    it('defaults the channel to WEB and leaves the rest empty', async () => {
      expect(await open()).toMatchObject({ channel: 'WEB', productId: null, contactId: null, assigneeId: null });
    });

    it('asks sales about a product once, then trusts its own read model', async () => {
      const productId = service.customers.addProduct();
      await open({ productId });
      await open({ productId });
      expect(service.customers.lookups.filter((l) => l.id === productId)).toHaveLength(1);
      expect(await service.sql('SELECT id FROM known_product WHERE id = $1', [productId])).toEqual([{ id: productId }]);
    });

    it('refuses a product sales does not have as NOT_FOUND on productId, writing nothing', async () => {
      const customerId = service.customers.add();
      const before = await writes();
      const nothing = randomUUID();
      const res = await gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
        i: { customerId, subject: 'x', priority: 'LOW', productId: nothing },
      });
      expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'productId' });
      expect(res.errors![0]!.message).toContain(nothing);
      expect(await writes()).toBe(before);
      expect(await service.sql('SELECT id FROM known_product WHERE id = $1', [nothing])).toEqual([]);
    });

    it('refuses a product it cannot check while sales is down as SERVICE_UNAVAILABLE on productId', async () => {
      const customerId = service.customers.add();
      // The customer is known locally, so only the product needs sales.
      await service.sql("INSERT INTO known_customer (id, state, changed_at) VALUES ($1, 'LIVE', now()) ON CONFLICT DO NOTHING", [
        customerId,
      ]);
      service.customers.down = true;
      const before = await writes();
      const res = await gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
        i: { customerId, subject: 'x', priority: 'LOW', productId: randomUUID() },
      });
      expect(res.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', field: 'productId' });
      expect(await writes()).toBe(before);
    });

    it('refuses a contact of another customer as BAD_USER_INPUT on contactId, and one sales does not have as NOT_FOUND, writing nothing', async () => {
      const customerId = service.customers.add();
      const theirs = service.customers.addContact(service.customers.add());
      const before = await writes();
      const openWith = (contactId: string) =>
        gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', { i: { customerId, subject: 'x', priority: 'LOW', contactId } });
      const other = await openWith(theirs);
      expect(other.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'contactId' });
      expect(other.errors![0]!.message).toContain(`not a contact of customer ${customerId}`);
      expect((await openWith(randomUUID())).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'contactId' });
      expect(await writes()).toBe(before);
    });

    it("trusts known_contact for a contact of the case's customer, and asks sales when it says otherwise", async () => {
      const customerId = service.customers.add();
      const known = randomUUID();
      await service.sql('INSERT INTO known_contact (id, customer_id, changed_at) VALUES ($1, $2, now())', [known, customerId]);
      expect((await open({ customerId, contactId: known })).contactId).toBe(known);
      expect(service.customers.lookups.some((l) => l.id === known)).toBe(false);
      // The read model still has it on another customer (its move has not arrived yet): sales has the last word.
      const moved = service.customers.addContact(customerId);
      await service.sql('INSERT INTO known_contact (id, customer_id, changed_at) VALUES ($1, $2, now())', [moved, randomUUID()]);
      expect((await open({ customerId, contactId: moved })).contactId).toBe(moved);
    });

    it.each([
      ['a malformed product id', { productId: 'p-1' }, 'productId'],
      ['a malformed contact id', { contactId: '12' }, 'contactId'],
      ['a malformed assignee id', { assigneeId: 'bob' }, 'assigneeId'],
      ['an unknown channel', { channel: 'PIGEON' }, 'channel'],
    ])('refuses %s as BAD_USER_INPUT naming the field', async (_what, extra, field) => {
      const before = await writes();
      const res = await gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
        i: { customerId: service.customers.add(), subject: 'x', priority: 'LOW', ...extra },
      });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await writes()).toBe(before);
    });
  });

  describe('updateCase', () => {
    it('changes what is given, publishes what changed, and announces a new assignee', async () => {
      const first = randomUUID();
      const opened = await open({ description: 'smoke', assigneeId: first });
      const productId = service.customers.addProduct();
      const second = randomUUID();
      const res = await update({ id: opened.id, priority: 'URGENT', channel: 'CHAT', productId, description: null, assigneeId: second });
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateCase).toMatchObject({
        subject: opened.subject,
        priority: 'URGENT',
        channel: 'CHAT',
        productId,
        description: null,
        assigneeId: second,
      });
      const read = await gql<{ case: CaseView }>(`query($id: ID!) { case(id: $id) { ${FIELDS} } }`, { id: opened.id });
      expect(read.data!.case).toEqual(res.data!.updateCase);
      const events = (await eventsOf(opened.id)).slice(2);
      expect(events.map((e) => e.type)).toEqual(['crm.service.case.updated.v2', 'crm.service.case.assigned.v1']);
      expect(events[0]!.data).toMatchObject({
        changed: ['description', 'channel', 'priority', 'productId'],
        // What each field was and is now, and who changed it: the audit trail's record.
        changes: [
          { field: 'description', old: 'smoke', new: null },
          { field: 'channel', old: opened.channel, new: 'CHAT' },
          { field: 'priority', old: 'HIGH', new: 'URGENT' },
          { field: 'productId', old: null, new: productId },
        ],
        updatedBy: ADMIN.userId,
        priority: 'URGENT',
        productId,
      });
      expect(events[1]!.data).toMatchObject({ assigneeId: second, previousAssigneeId: first, productId });
      // The priority sort follows the new priority.
      expect(await service.sql('SELECT priority_rank FROM support_case WHERE id = $1', [opened.id])).toEqual([{ priority_rank: 4 }]);
    });

    it('unassigns with null, and writes nothing for an update that changes nothing', async () => {
      const opened = await open({ assigneeId: randomUUID() });
      expect((await update({ id: opened.id, assigneeId: null })).data!.updateCase.assigneeId).toBeNull();
      const before = await writes();
      const same = await update({ id: opened.id, subject: opened.subject, priority: opened.priority, assigneeId: null });
      expect(same.errors).toBeUndefined();
      expect(await writes()).toBe(before);
    });

    it.each(['subject', 'type', 'channel', 'priority'])('refuses an explicit null %s naming it, writing nothing', async (field) => {
      const opened = await open();
      const before = await writes();
      const res = await update({ id: opened.id, [field]: null });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(res.errors![0]!.message).toContain(`${field}: cannot be null`);
      expect(await writes()).toBe(before);
    });

    it('refuses an unknown case as NOT_FOUND on id and an unknown product as NOT_FOUND on productId', async () => {
      const opened = await open();
      const before = await writes();
      expect((await update({ id: randomUUID(), priority: 'LOW' })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });
      expect((await update({ id: opened.id, productId: randomUUID() })).errors![0]!.extensions).toEqual({
        code: 'NOT_FOUND',
        field: 'productId',
      });
      expect((await update({ id: opened.id, subject: ' ' })).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'subject' });
      expect(await writes()).toBe(before);
    });

    it("changes the contact to another of the customer's, and refuses one of another customer, writing nothing", async () => {
      const customerId = service.customers.add();
      const opened = await open({ customerId, contactId: service.customers.addContact(customerId) });
      const next = service.customers.addContact(customerId);
      expect((await update({ id: opened.id, contactId: next })).data!.updateCase.contactId).toBe(next);
      const before = await writes();
      const res = await update({ id: opened.id, contactId: service.customers.addContact(service.customers.add()) });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'contactId' });
      expect((await update({ id: randomUUID(), contactId: next })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });
      expect(await writes()).toBe(before);
    });

    it('filters cases by assignee, product and channel', async () => {
      const assigneeId = randomUUID();
      const productId = service.customers.addProduct();
      const a = await open({ assigneeId, channel: 'EMAIL' });
      const b = await open({ assigneeId, productId, channel: 'CHAT' });
      const ids = async (filter: string) =>
        (await gql<{ cases: { edges: { node: { id: string } }[] } }>(`query { cases(filter: ${filter}) { edges { node { id } } } }`))
          .data!.cases.edges.map((e) => e.node.id)
          .sort();
      expect(await ids(`{ assigneeId: "${assigneeId}" }`)).toEqual([a.id, b.id].sort());
      expect(await ids(`{ productId: "${productId}" }`)).toEqual([b.id]);
      expect(await ids(`{ assigneeId: "${assigneeId}", channel: EMAIL }`)).toEqual([a.id]);
    });
  });

  describe('the thread', () => {
    it('keeps replies and internal notes in order with their author, paged oldest first', async () => {
      const productId = service.customers.addProduct();
      const opened = await open({ productId });
      const reply = await post(opened.id, '  We are on it  ');
      expect(reply.errors).toBeUndefined();
      expect(reply.data!.postCaseMessage).toMatchObject({
        caseId: opened.id,
        internal: false,
        body: 'We are on it',
        authorId: ADMIN.userId,
      });
      expect((await post(opened.id, 'Customer sounds upset', true)).errors).toBeUndefined();
      expect((await post(opened.id, 'Fixed, please try again')).errors).toBeUndefined();
      expect(await thread(opened.id)).toEqual(['reply: We are on it', 'note: Customer sounds upset', 'reply: Fixed, please try again']);

      const replied = (await eventsOf(opened.id)).filter((e) => e.type === 'crm.service.case.replied.v1');
      expect(replied.map((e) => e.data.internal)).toEqual([false, true, false]);
      expect(replied[0]!.data).toMatchObject({ productId, authorId: ADMIN.userId, messageId: reply.data!.postCaseMessage.id });
      expect(JSON.stringify(replied)).not.toContain('upset'); // bodies stay in service
    });

    it('refuses a post to a CLOSED case as CONFLICT, an empty body and an unknown case naming the field', async () => {
      const opened = await open();
      await gql('mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { id } }', {
        i: { caseId: opened.id, status: 'CLOSED' },
      });
      const before = await writes();
      expect((await post(opened.id, 'hello')).errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'caseId' });
      expect((await post(opened.id, '   ')).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
      expect((await post(opened.id, 'x'.repeat(10_001))).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
      expect((await post(randomUUID(), 'hello')).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
      expect(await writes()).toBe(before);
    });

    it('answers NOT_FOUND for the thread of a case that does not exist, and BAD_USER_INPUT for a foreign cursor', async () => {
      const missing = await gql('query($c: ID!) { caseThread(caseId: $c) { edges { cursor } } }', { c: randomUUID() });
      expect(missing.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
      const opened = await open();
      const foreign = await gql('query($c: ID!) { caseThread(caseId: $c, after: "garbage") { edges { cursor } } }', { c: opened.id });
      expect(foreign.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  describe('related cases', () => {
    it('relates two cases both ways, once, each event on its own customer', async () => {
      const a = await open();
      const b = await open();
      expect((await relate(a.id, b.id)).errors).toBeUndefined();
      expect(await related(a.id)).toEqual([b.id]);
      expect(await related(b.id)).toEqual([a.id]);
      const before = await writes();
      expect((await relate(b.id, a.id)).errors).toBeUndefined();
      expect(await writes()).toBe(before);
      expect((await eventsOf(a.id)).filter((e) => e.type === 'crm.service.case.related.v1').map((e) => e.data)).toEqual([
        expect.objectContaining({ customerId: a.customerId, relatedCaseId: b.id }),
      ]);
      expect((await eventsOf(b.id)).filter((e) => e.type === 'crm.service.case.related.v1').map((e) => e.data)).toEqual([
        expect.objectContaining({ customerId: b.customerId, relatedCaseId: a.id }),
      ]);
    });

    it('refuses a case related to itself and an unknown case, naming the field', async () => {
      const a = await open();
      const before = await writes();
      expect((await relate(a.id, a.id)).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'relatedCaseId' });
      expect((await relate(a.id, randomUUID())).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'relatedCaseId' });
      expect((await relate(randomUUID(), a.id)).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
      expect(await writes()).toBe(before);
    });
  });

  describe('merging duplicates', () => {
    it("moves the duplicate's thread and relations to the survivor and closes it", async () => {
      const customerId = service.customers.add();
      const survivor = await open({ customerId, subject: 'Printer on fire' });
      const duplicate = await open({ customerId, subject: 'Printer smoking' });
      const elsewhere = await open();
      expect((await post(survivor.id, 'first')).errors).toBeUndefined();
      expect((await post(duplicate.id, 'second', true)).errors).toBeUndefined();
      expect((await relate(duplicate.id, elsewhere.id)).errors).toBeUndefined();
      expect((await relate(duplicate.id, survivor.id)).errors).toBeUndefined();

      const res = await merge(duplicate.id, survivor.id);
      expect(res.errors).toBeUndefined();
      expect(res.data!.mergeCases.id).toBe(survivor.id);
      expect(await thread(survivor.id)).toEqual(['reply: first', 'note: second']);
      expect(await thread(duplicate.id)).toEqual([]);
      expect(await related(survivor.id)).toEqual([elsewhere.id]);
      expect(await related(elsewhere.id)).toEqual([survivor.id]);
      const merged = (await gql<{ case: CaseView }>(`query($id: ID!) { case(id: $id) { ${FIELDS} } }`, { id: duplicate.id })).data!.case;
      expect(merged).toMatchObject({ status: 'CLOSED', mergedIntoId: survivor.id });
      expect(merged.closedAt).not.toBeNull();

      const types = async (id: string) => (await eventsOf(id)).map((e) => e.type);
      expect(await types(survivor.id)).toContain('crm.service.case.merged.v1');
      expect((await eventsOf(survivor.id)).find((e) => e.type === 'crm.service.case.merged.v1')!.data).toMatchObject({
        duplicateId: duplicate.id,
        duplicateSubject: 'Printer smoking',
      });
      expect((await types(duplicate.id)).at(-1)).toBe('crm.service.case.status-changed.v1');
    });

    it('refuses merging cases of two customers, a case into itself, and a case already merged, writing nothing', async () => {
      const customerId = service.customers.add();
      const a = await open({ customerId });
      const b = await open({ customerId });
      const other = await open();
      expect((await merge(b.id, a.id)).errors).toBeUndefined();
      const before = await writes();
      expect((await merge(a.id, other.id)).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'intoId' });
      expect((await merge(a.id, a.id)).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'intoId' });
      const again = await merge(b.id, a.id);
      expect(again.errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'duplicateId' });
      expect(again.errors![0]!.message).toContain(a.id);
      expect((await merge(a.id, b.id)).errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'intoId' });
      // A merged-away case is worked on through its survivor only.
      const reopen = await gql('mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { id } }', {
        i: { caseId: b.id, status: 'OPEN' },
      });
      expect(reopen.errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'caseId' });
      expect((await update({ id: b.id, priority: 'LOW' })).errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'id' });
      expect(await writes()).toBe(before);
    });
  });
});
