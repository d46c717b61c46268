import { randomUUID } from 'node:crypto';
import { useTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { asCustomer, itPagesWithCursors } from '@crm/testing';
import { RETURNS_PER_CASE_MAX } from '../src/returns/return.enums';
import { serviceSubgraph } from '../src/service.subgraph';

/** Returns (RMA) on return cases, through the service subgraph's GraphQL: staff, and a customer at the portal's scope. */
describe('service: returns', () => {
  const service = useTestSubgraph(serviceSubgraph, { poolSize: 2 });
  const { gql } = service;

  const FIELDS =
    'id caseId customerId status items { productId quantity reason condition } refund { amount currency } rejectionReason requestedBy';
  interface ReturnView {
    id: string;
    caseId: string;
    customerId: string;
    status: string;
    items: { productId: string; quantity: number; reason: string; condition: string }[];
    refund: { amount: string; currency: string } | null;
    rejectionReason: string | null;
    requestedBy: string | null;
  }
  const writes = async () =>
    JSON.stringify(
      await service.sql(
        `SELECT (SELECT count(*) FROM case_return) AS returns, (SELECT count(*) FROM case_return_item) AS items,
                (SELECT string_agg(status || coalesce(refund_amount::text, ''), ',' ORDER BY id) FROM case_return) AS states,
                (SELECT count(*) FROM outbox) AS events`,
      ),
    );
  const eventsOf = (returnId: string) =>
    service.sql<{ type: string; data: Record<string, unknown> }>(
      "SELECT type, data FROM outbox WHERE data->>'returnId' = $1 ORDER BY seq",
      [returnId],
    );

  const openCase = async (input: Record<string, unknown>, client: Gql = gql) => {
    const res = await client<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { subject: 'Broken on arrival', priority: 'MEDIUM', type: 'RETURN', ...input },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.openCase.id;
  };
  const request = (input: Record<string, unknown>, client: Gql = gql) =>
    client<{ requestReturn: ReturnView }>(`mutation($i: RequestReturnInput!) { requestReturn(input: $i) { ${FIELDS} } }`, { i: input });
  const move = (input: Record<string, unknown>) =>
    gql<{ changeReturnStatus: ReturnView }>(`mutation($i: ChangeReturnStatusInput!) { changeReturnStatus(input: $i) { ${FIELDS} } }`, {
      i: input,
    });
  const item = (over: Record<string, unknown> = {}) => ({ quantity: 1, reason: 'Cracked screen', condition: 'DAMAGED', ...over });
  type Gql = TestSubgraph['gql'];

  let customerId: string;
  let productId: string;
  let otherProductId: string;
  let caseId: string;

  beforeAll(async () => {
    customerId = service.customers.add();
    productId = service.customers.addProduct();
    otherProductId = service.customers.addProduct();
    caseId = await openCase({ customerId, productId });
  });

  it("requests a return of the case's product and another, and tells the timeline which products come back", async () => {
    const res = await request({
      caseId,
      items: [item({ quantity: 2 }), item({ productId: otherProductId, reason: '  Not as described ', condition: 'UNOPENED' })],
    });
    expect(res.errors).toBeUndefined();
    const ret = res.data!.requestReturn;
    expect(ret).toEqual({
      id: expect.any(String),
      caseId,
      customerId,
      status: 'REQUESTED',
      items: [
        { productId, quantity: 2, reason: 'Cracked screen', condition: 'DAMAGED' },
        { productId: otherProductId, quantity: 1, reason: 'Not as described', condition: 'UNOPENED' },
      ],
      refund: null,
      rejectionReason: null,
      requestedBy: expect.any(String),
    });
    expect(await eventsOf(ret.id)).toEqual([
      {
        type: 'crm.service.return.requested.v1',
        data: expect.objectContaining({ caseId, customerId, caseSubject: 'Broken on arrival', productIds: [productId, otherProductId] }),
      },
    ]);
    const read = await gql<{ caseReturn: ReturnView }>(`query($id: ID!) { caseReturn(id: $id) { ${FIELDS} } }`, { id: ret.id });
    expect(read.data!.caseReturn).toEqual(ret);
  });

  it('moves a return from REQUESTED to REFUNDED, the refund as Money, each move an event', async () => {
    const ret = (await request({ caseId, items: [item()] })).data!.requestReturn;
    for (const status of ['APPROVED', 'RECEIVED'])
      expect((await move({ returnId: ret.id, status })).data!.changeReturnStatus.status).toBe(status);
    const refunded = await move({ returnId: ret.id, status: 'REFUNDED', refund: { amount: '49.90', currency: 'EUR' } });
    expect(refunded.errors).toBeUndefined();
    expect(refunded.data!.changeReturnStatus).toMatchObject({ status: 'REFUNDED', refund: { amount: '49.90', currency: 'EUR' } });
    const moves = (await eventsOf(ret.id)).slice(1).map((e) => [e.data.from, e.data.to, e.data.refund]);
    expect(moves).toEqual([
      ['REQUESTED', 'APPROVED', null],
      ['APPROVED', 'RECEIVED', null],
      ['RECEIVED', 'REFUNDED', { amount: '49.90', currency: 'EUR' }],
    ]);
  });

  it('rejects a return with its reason', async () => {
    const ret = (await request({ caseId, items: [item()] })).data!.requestReturn;
    const rejected = await move({ returnId: ret.id, status: 'REJECTED', reason: 'Outside the 30-day window' });
    expect(rejected.data!.changeReturnStatus).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Outside the 30-day window',
      refund: null,
    });
  });

  it('refuses a move the flow does not allow, naming the moves it does, and writes nothing', async () => {
    const ret = (await request({ caseId, items: [item()] })).data!.requestReturn;
    const before = await writes();
    const skipped = await move({ returnId: ret.id, status: 'REFUNDED', refund: { amount: '10', currency: 'EUR' } });
    expect(skipped.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(skipped.errors![0]!.message).toMatch(/from REQUESTED it can move to APPROVED, REJECTED/);
    await move({ returnId: ret.id, status: 'REJECTED', reason: 'Duplicate' });
    const after = await writes();
    const final = await move({ returnId: ret.id, status: 'APPROVED' });
    expect(final.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(final.errors![0]!.message).toMatch(/REJECTED is final/);
    expect(await writes()).toBe(after);
    expect(after).not.toBe(before);
  });

  describe('bad input, each naming the field and writing nothing', () => {
    let requested: string;
    let received: string;
    beforeAll(async () => {
      requested = (await request({ caseId, items: [item()] })).data!.requestReturn.id;
      received = (await request({ caseId, items: [item()] })).data!.requestReturn.id;
      for (const status of ['APPROVED', 'RECEIVED']) await move({ returnId: received, status });
    });

    it.each([
      ['a refund move without the refund', () => ({ returnId: received, status: 'REFUNDED' }), 'BAD_USER_INPUT', 'refund'],
      [
        'a refund on another move',
        () => ({ returnId: requested, status: 'APPROVED', refund: { amount: '5', currency: 'EUR' } }),
        'BAD_USER_INPUT',
        'refund',
      ],
      [
        'a refund of 0',
        () => ({ returnId: received, status: 'REFUNDED', refund: { amount: '0.00', currency: 'EUR' } }),
        'BAD_USER_INPUT',
        'refund.amount',
      ],
      [
        'a negative refund',
        () => ({ returnId: received, status: 'REFUNDED', refund: { amount: '-5', currency: 'EUR' } }),
        'BAD_USER_INPUT',
        'refund.amount',
      ],
      [
        'a refund as a float',
        () => ({ returnId: received, status: 'REFUNDED', refund: { amount: '1e3', currency: 'EUR' } }),
        'BAD_USER_INPUT',
        'refund.amount',
      ],
      [
        'an unknown currency',
        () => ({ returnId: received, status: 'REFUNDED', refund: { amount: '5', currency: 'EURO' } }),
        'BAD_USER_INPUT',
        'refund.currency',
      ],
      ['a rejection without a reason', () => ({ returnId: requested, status: 'REJECTED' }), 'BAD_USER_INPUT', 'reason'],
      ['a reason on another move', () => ({ returnId: requested, status: 'APPROVED', reason: 'Because' }), 'BAD_USER_INPUT', 'reason'],
      ['an unknown return', () => ({ returnId: randomUUID(), status: 'APPROVED' }), 'NOT_FOUND', 'returnId'],
      ['a malformed id', () => ({ returnId: 'nope', status: 'APPROVED' }), 'BAD_USER_INPUT', 'returnId'],
    ])('refuses %s', async (_what, input, code, field) => {
      const before = await writes();
      expect((await move(input())).errors![0]!.extensions).toEqual({ code, field });
      expect(await writes()).toBe(before);
    });

    it.each([
      ['no items', () => ({ caseId, items: [] }), 'BAD_USER_INPUT', 'items'],
      ['51 items', () => ({ caseId, items: Array.from({ length: 51 }, () => item()) }), 'BAD_USER_INPUT', 'items'],
      ['a quantity of 0', () => ({ caseId, items: [item({ quantity: 0 })] }), 'BAD_USER_INPUT', 'items.0.quantity'],
      ['an empty reason', () => ({ caseId, items: [item(), item({ reason: '   ' })] }), 'BAD_USER_INPUT', 'items.1.reason'],
      ['a 10,000-character reason', () => ({ caseId, items: [item({ reason: 'x'.repeat(10_000) })] }), 'BAD_USER_INPUT', 'items.0.reason'],
      ['an unknown condition', () => ({ caseId, items: [item({ condition: 'MELTED' })] }), 'BAD_USER_INPUT', 'condition'],
      ['an unknown product', () => ({ caseId, items: [item({ productId: randomUUID() })] }), 'NOT_FOUND', 'items.0.productId'],
      ['an unknown case', () => ({ caseId: randomUUID(), items: [item()] }), 'NOT_FOUND', 'caseId'],
    ])('refuses a request with %s', async (_what, input, code, field) => {
      const before = await writes();
      const res = await request(input());
      expect(res.errors![0]!.extensions).toMatchObject({ code, ...(field === 'condition' ? {} : { field }) });
      expect(await writes()).toBe(before);
    });

    it('refuses a return on a case that is not a RETURN case, on a CLOSED one, and without a product to return', async () => {
      const request_ = await openCase({ customerId, productId, type: 'REQUEST' });
      const closed = await openCase({ customerId, productId });
      await gql('mutation($i: ChangeCaseStatusInput!) { changeCaseStatus(input: $i) { id } }', { i: { caseId: closed, status: 'CLOSED' } });
      const noProduct = await openCase({ customerId });
      const before = await writes();
      const refused = async (input: Record<string, unknown>) => (await request(input)).errors![0]!;
      expect(await refused({ caseId: request_, items: [item()] })).toMatchObject({
        message: expect.stringMatching(/is a REQUEST case; returns are requested on a RETURN case/),
        extensions: { code: 'BAD_USER_INPUT', field: 'caseId' },
      });
      expect((await refused({ caseId: closed, items: [item()] })).extensions).toEqual({ code: 'CONFLICT', field: 'caseId' });
      expect((await refused({ caseId: noProduct, items: [item()] })).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'items.0.productId',
      });
      expect(await writes()).toBe(before);
    });
  });

  describe('merging duplicate cases', () => {
    const merge = (duplicateId: string, intoId: string) =>
      gql<{ mergeCases: { id: string } }>('mutation($i: MergeCasesInput!) { mergeCases(input: $i) { id } }', {
        i: { duplicateId, intoId },
      });
    const caseOf = async (returnId: string) =>
      (await gql<{ caseReturn: { caseId: string } }>('query($id: ID!) { caseReturn(id: $id) { caseId } }', { id: returnId })).data!
        .caseReturn.caseId;
    const returnsOn = async (id: string) =>
      (
        await gql<{ caseReturns: { edges: { node: { id: string } }[] } }>(
          'query($c: ID!) { caseReturns(first: 50, filter: { caseId: $c }) { edges { node { id } } } }',
          { c: id },
        )
      ).data!.caseReturns.edges.map((e) => e.node.id);

    it("moves the duplicate's returns to the surviving case, and the merge event names them", async () => {
      const [duplicate, survivor] = [await openCase({ customerId, productId }), await openCase({ customerId, productId })];
      const kept = (await request({ caseId: survivor, items: [item()] })).data!.requestReturn.id;
      const moving = [
        (await request({ caseId: duplicate, items: [item()] })).data!.requestReturn.id,
        (await request({ caseId: duplicate, items: [item({ productId: otherProductId })] })).data!.requestReturn.id,
      ].sort();
      expect((await merge(duplicate, survivor)).errors).toBeUndefined();
      for (const id of moving) expect(await caseOf(id)).toBe(survivor);
      expect((await returnsOn(survivor)).sort()).toEqual([kept, ...moving].sort());
      expect(await returnsOn(duplicate)).toEqual([]);
      const [merged] = await service.sql<{ data: Record<string, unknown> }>(
        "SELECT data FROM outbox WHERE type = 'crm.service.case.merged.v1' AND data->>'duplicateId' = $1",
        [duplicate],
      );
      expect(merged!.data).toMatchObject({ caseId: survivor, duplicateId: duplicate, movedReturnIds: moving });
      // A return moved is worked on its new case.
      expect((await move({ returnId: moving[0]!, status: 'APPROVED' })).errors).toBeUndefined();
    });

    it('refuses a duplicate with returns into a case of another type, or one with no room for them, naming intoId and writing nothing', async () => {
      const duplicate = await openCase({ customerId, productId });
      const ret = (await request({ caseId: duplicate, items: [item()] })).data!.requestReturn.id;
      const plain = await openCase({ customerId, productId, type: 'REQUEST' });
      const full = await openCase({ customerId, productId });
      for (let i = 1; i < RETURNS_PER_CASE_MAX; i++) expect((await request({ caseId: full, items: [item()] })).errors).toBeUndefined();
      const before = await writes();

      const wrongType = await merge(duplicate, plain);
      expect(wrongType.errors![0]).toMatchObject({
        message: expect.stringMatching(/has returns, which live on RETURN cases; .* is a REQUEST case/),
        extensions: { code: 'BAD_USER_INPUT', field: 'intoId' },
      });
      // 19 there and 1 here fit; a second return here would not.
      expect((await request({ caseId: duplicate, items: [item()] })).errors).toBeUndefined();
      const afterSecond = await writes();
      expect((await merge(duplicate, full)).errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'intoId' });
      expect(await writes()).toBe(afterSecond);
      expect(afterSecond).not.toBe(before);
      expect(await caseOf(ret)).toBe(duplicate);
      const states = await service.sql<{ status: string; merged_into_id: string | null }>(
        'SELECT status, merged_into_id FROM support_case WHERE id = $1',
        [duplicate],
      );
      expect(states).toEqual([{ status: 'NEW', merged_into_id: null }]);
    });

    it('merges a duplicate without returns into a case of any type, as before', async () => {
      const duplicate = await openCase({ customerId, productId });
      const plain = await openCase({ customerId, productId, type: 'REQUEST' });
      expect((await merge(duplicate, plain)).errors).toBeUndefined();
    });
  });

  describe("a customer's contact, at the portal's scope", () => {
    const [customerA, customerB] = [randomUUID(), randomUUID()];
    const contactA = randomUUID();
    const asA = () => service.gqlAs(asCustomer(customerA, contactA));
    let caseA: string;
    let caseB: string;
    let returnB: string;

    beforeAll(async () => {
      for (const c of [customerA, customerB]) service.customers.add(c);
      // Support names the product; the customer opens its RETURN case through the portal.
      caseA = await openCase({ customerId: customerA }, asA());
      await gql('mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id } }', { i: { id: caseA, productId } });
      caseB = await openCase({ customerId: customerB, productId });
      returnB = (await request({ caseId: caseB, items: [item()] })).data!.requestReturn.id;
    });

    it("requests a return on its own case, of the case's product, as itself", async () => {
      const res = await request({ caseId: caseA, items: [item({ quantity: 3 })] }, asA());
      expect(res.errors).toBeUndefined();
      expect(res.data!.requestReturn).toMatchObject({ caseId: caseA, customerId: customerA, status: 'REQUESTED', requestedBy: contactA });
      expect(res.data!.requestReturn.items).toEqual([{ productId, quantity: 3, reason: 'Cracked screen', condition: 'DAMAGED' }]);
    });

    it("answers another customer's case as a missing one, refuses another product and every status move, and writes nothing", async () => {
      const before = await writes();
      expect((await request({ caseId: caseB, items: [item()] }, asA())).errors![0]!.extensions).toEqual({
        code: 'NOT_FOUND',
        field: 'caseId',
      });
      expect((await request({ caseId: caseA, items: [item({ productId: otherProductId })] }, asA())).errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'items.0.productId',
      });
      const moved = await asA()('mutation($i: ChangeReturnStatusInput!) { changeReturnStatus(input: $i) { id } }', {
        i: { returnId: returnB, status: 'APPROVED' },
      });
      expect(moved.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(await writes()).toBe(before);
    });

    it('reads its own returns only: by id, in the list', async () => {
      const byId = await asA()<{ caseReturn: { id: string } | null }>('query($id: ID!) { caseReturn(id: $id) { id } }', { id: returnB });
      expect(byId).toEqual({ data: { caseReturn: null } });
      const list = await asA()<{ caseReturns: { edges: { node: { customerId: string } }[] } }>(
        '{ caseReturns(first: 100) { edges { node { customerId } } } }',
      );
      expect(list.data!.caseReturns.edges.map((e) => e.node.customerId)).toEqual([customerA]);
      const filtered = await asA()<{ caseReturns: { edges: unknown[] } }>(
        'query($c: ID!) { caseReturns(first: 100, filter: { customerId: $c }) { edges { node { id } } } }',
        { c: customerB },
      );
      expect(filtered.data!.caseReturns.edges).toEqual([]);
    });

    it("sees its own contact as who asked, and null where support asked: support's user ids are not the customer's", async () => {
      const bySupport = (await request({ caseId: caseA, items: [item()] })).data!.requestReturn;
      expect(bySupport.requestedBy).toMatch(/^[0-9a-f-]{36}$/);
      const seen = await asA()<{ caseReturns: { edges: { node: { id: string; requestedBy: string | null } }[] } }>(
        '{ caseReturns(first: 100) { edges { node { id requestedBy } } } }',
      );
      const own = await service.sql<{ id: string }>('SELECT id FROM case_return WHERE case_id = $1 AND id <> $2', [caseA, bySupport.id]);
      expect(own).toHaveLength(1);
      expect(Object.fromEntries(seen.data!.caseReturns.edges.map((e) => [e.node.id, e.node.requestedBy]))).toEqual({
        [bySupport.id]: null,
        [own[0]!.id]: contactA,
      });
    });

    it('has row-level security fail closed on the return tables: no scope sees nothing, a scope its own', async () => {
      const counts = (setup: string | null) =>
        service.asApp(null, async (c) => {
          if (setup !== null) await c.query(`SELECT set_config('app.customer_id', $1, true)`, [setup]);
          const { rows } = await c.query<{ returns: number; items: number; customers: string[] | null }>(
            `SELECT (SELECT count(*)::int FROM case_return) AS returns, (SELECT count(*)::int FROM case_return_item) AS items,
                    (SELECT array_agg(DISTINCT customer_id::text) FROM case_return) AS customers`,
          );
          return rows[0]!;
        });
      expect(await counts(null)).toEqual({ returns: 0, items: 0, customers: null });
      expect(await counts('')).toEqual({ returns: 0, items: 0, customers: null });
      expect(await counts(customerB)).toEqual({ returns: 1, items: 1, customers: [customerB] });
    });
  });

  describe('caseReturns', () => {
    const pagedCustomer = randomUUID();
    itPagesWithCursors({
      gql: () => gql,
      field: 'caseReturns',
      filterType: 'ReturnFilter',
      label: 'status',
      seed: async () => {
        service.customers.add(pagedCustomer);
        const id = await openCase({ customerId: pagedCustomer, productId });
        const made: string[] = [];
        for (let i = 0; i < 3; i++) made.push((await request({ caseId: id, items: [item()] })).data!.requestReturn.id);
        // Told apart by status: the oldest APPROVED, the next REJECTED, the newest REQUESTED.
        await move({ returnId: made[0], status: 'APPROVED' });
        await move({ returnId: made[1], status: 'REJECTED', reason: 'No' });
      },
      filter: () => ({ customerId: pagedCustomer }),
      orders: { REQUESTED_AT_DESC: ['REQUESTED', 'REJECTED', 'APPROVED'] },
    });
  });
});
