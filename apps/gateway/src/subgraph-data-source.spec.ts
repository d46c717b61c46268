import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { isQueryOperation, SubgraphDataSource, unavailableErrors, type GatewayContext } from './subgraph-data-source';
import type { SubgraphAnswer } from './subgraph-fetcher';

describe('unavailableErrors', () => {
  const at = (errors: ReturnType<typeof unavailableErrors>) => errors.map((e) => e.path);

  it('scopes an entity fetch to every requested field of every representation', () => {
    const query =
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Customer{__typename cases{id} open: openCaseCount}}}';
    const errors = unavailableErrors(query, { representations: [{ id: 'a' }, { id: 'b' }] });
    expect(at(errors)).toEqual([
      ['_entities', 0, 'cases'],
      ['_entities', 0, 'open'],
      ['_entities', 1, 'cases'],
      ['_entities', 1, 'open'],
    ]);
    expect(errors[0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('scopes a root fetch to its root fields, by alias', () => {
    expect(at(unavailableErrors('{ mine: cases(first: 5) { edges { cursor } } case(id: "x") { id } }', undefined))).toEqual([
      ['mine'],
      ['case'],
    ]);
  });
});

describe('SubgraphDataSource', () => {
  const calls: { url: string; body: string; headers: Record<string, string>; idempotent?: boolean }[] = [];
  const unavailable: unknown[] = [];
  const source = (answer: () => Promise<SubgraphAnswer>) =>
    new SubgraphDataSource(
      'http://sales/graphql',
      (url, body, headers, idempotent) => {
        calls.push({ url, body, headers, idempotent });
        return answer();
      },
      (err) => unavailable.push(err),
    );
  const options = (query: string, variables?: Record<string, unknown>) =>
    ({
      kind: 'incoming operation',
      request: { query, variables, operationName: 'Q', http: { method: 'POST', url: '', headers: new Headers({ 'x-partner-id': 'p' }) } },
      context: { requestId: 'req-1', token: 'tok' },
      incomingRequestContext: {},
    }) as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

  beforeEach(() => {
    calls.length = 0;
    unavailable.length = 0;
  });

  it('posts query, variables and operation name with only the request id and the verified token', async () => {
    const res = await source(async () => ({ status: 200, body: '{"data":{"customer":{"id":"1"}},"errors":[{"message":"m"}]}' })).process(
      options('query Q($id: ID!) { customer(id: $id) { id } }', { id: '1' }),
    );
    expect(res).toEqual({ data: { customer: { id: '1' } }, errors: [{ message: 'm' }] });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('http://sales/graphql');
    expect(JSON.parse(calls[0]!.body)).toEqual({
      query: 'query Q($id: ID!) { customer(id: $id) { id } }',
      variables: { id: '1' },
      operationName: 'Q',
    });
    expect(calls[0]!.headers).toEqual({ 'content-type': 'application/json', 'x-request-id': 'req-1', authorization: 'Bearer tok' });
  });

  it('passes on a 400 whose GraphQL errors refuse the client input, as the client mistake it is', async () => {
    const refusal = { errors: [{ message: 'closeDate: not a date', extensions: { code: 'BAD_USER_INPUT', field: 'closeDate' } }] };
    const res = await source(async () => ({ status: 400, body: JSON.stringify(refusal) })).process(options('{ customer(id: "1") { id } }'));
    expect(res).toEqual(refusal);
    expect(unavailable).toHaveLength(0);
  });

  it.each([
    ['an error status', async () => ({ status: 502, body: 'bad gateway' })],
    ['a 400 that is no GraphQL answer', async () => ({ status: 400, body: '<html>' })],
    ['a body that is not JSON', async () => ({ status: 200, body: '<html>' })],
    ['a JSON body that is not a response', async () => ({ status: 200, body: '[1]' })],
    ['no answer', () => Promise.reject(new Error('no answer within 5000 ms'))],
  ])('answers %s as SERVICE_UNAVAILABLE on the fields asked for', async (_, answer) => {
    const res = await source(answer).process(options('{ customer(id: "1") { id } cases { id } }'));
    expect(res.data).toBeUndefined();
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['customer'], 'SERVICE_UNAVAILABLE'],
      [['cases'], 'SERVICE_UNAVAILABLE'],
    ]);
    expect(unavailable).toHaveLength(1);
  });

  it('lets the fetcher retry a reset query but never a mutation', async () => {
    const ok = async () => ({ status: 200, body: '{"data":{}}' });
    await source(ok).process(options('query Q__sales__0($id: ID!) { customer(id: $id) { id } }'));
    await source(ok).process(options('{ customers { edges { cursor } } }'));
    await source(ok).process(options('mutation M__sales__0 { createCustomer(input: { name: "x" }) { id } }'));
    expect(calls.map((c) => c.idempotent)).toEqual([true, true, false]);
  });
});

describe('isQueryOperation', () => {
  it.each([
    ['query Q__sales__0($id: ID!) { customer(id: $id) { id } }', true],
    ['query($representations:[_Any!]!){_entities(representations:$representations){...on Customer{id}}}', true],
    ['{ customers { edges { cursor } } }', true],
    ['mutation{createCustomer(input:{name:"x"}){id}}', false],
    ['  mutation M { a }', false],
    ['queryish', false],
    ['subscription S { a }', false],
  ])('%s -> %s', (query, expected) => expect(isQueryOperation(query)).toBe(expected));
});
