import { SUBGRAPHS } from '@crm/registry';
import { stackConnectionShares } from './launch';

describe("a stack's connection shares", () => {
  it("gives each subgraph its registry pool and the relay's LISTEN connection: analytics 30, the others 10", () => {
    expect(stackConnectionShares()).toEqual([
      { name: 'sales', pool: 10, extra: 1 },
      { name: 'marketing', pool: 10, extra: 1 },
      { name: 'service', pool: 10, extra: 1 },
      { name: 'partners', pool: 10, extra: 1 },
      { name: 'analytics', pool: 30, extra: 1 },
    ]);
  });

  it('counts a DATABASE_POOL_SIZE given to every subgraph, and the webhook worker with its own setting', () => {
    const shares = stackConnectionShares({
      subgraphEnv: { DATABASE_POOL_SIZE: '4' },
      webhookWorker: { databaseUrl: 'postgres://x@y/webhooks', env: { DATABASE_POOL_SIZE: '2' } },
    });
    expect(shares.map((s) => [s.name, s.pool])).toEqual([...SUBGRAPHS.map((g) => [g.name, 4]), ['webhooks', 2]]);
  });
});
