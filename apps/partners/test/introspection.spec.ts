import { startTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { partnersSubgraph } from '../src/partners.subgraph';

const INTROSPECT = '{ __schema { queryType { name } } }';

/** A subgraph reached directly answers introspection only when its INTROSPECTION setting says so, whatever NODE_ENV. */
describe('subgraph introspection', () => {
  const started: TestSubgraph[] = [];
  afterAll(() => Promise.all(started.map((s) => s.close())));

  it('is refused by default, in development too', async () => {
    const sub = await startTestSubgraph(partnersSubgraph, { env: { NODE_ENV: 'development' } });
    started.push(sub);
    const res = await sub.gql(INTROSPECT);
    expect(res.data).toBeUndefined();
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Composition does not need it: the federation SDL stays available to the gateway's tooling.
    expect((await sub.gql<{ _service: { sdl: string } }>('{ _service { sdl } }')).data!._service.sdl).toContain('type Partner');
  });

  it('is answered with INTROSPECTION=true', async () => {
    const sub = await startTestSubgraph(partnersSubgraph, { env: { INTROSPECTION: 'true' } });
    started.push(sub);
    expect(await sub.gql(INTROSPECT)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
