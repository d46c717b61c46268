import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { checkSubgraphSchema, formatResult, type AcceptedChange } from '../src/schema-check/schema-check';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';
const SALES = `${LINK}
type Query {
  customers(first: Int = 20): [Customer!]!
  customer(id: ID!): Customer
}
type Customer @key(fields: "id") {
  id: ID!
  name: String!
  segment: String
}`;
const SERVICE = `${LINK}
type Customer @key(fields: "id") {
  id: ID!
  openCaseCount: Int!
}`;

/** The deployed graph: sales and service as they run now. */
function deployedSupergraph(): string {
  const result = composeServices([
    { name: 'sales', url: 'http://sales:4001/graphql', typeDefs: parse(SALES) },
    { name: 'service', url: 'http://service:4003/graphql', typeDefs: parse(SERVICE) },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}
const check = (newSchemaSdl: string, accepted?: AcceptedChange[]) =>
  checkSubgraphSchema({ subgraph: 'sales', newSchemaSdl, supergraphSdl: deployedSupergraph(), ...(accepted ? { accepted } : {}) });

describe('checkSubgraphSchema', () => {
  it('passes an unchanged schema with nothing to report', async () => {
    expect(await check(SALES)).toEqual({ subgraph: 'sales', compositionErrors: [], changes: [], ok: true });
  });

  it('passes an additive change: a new field, a new optional argument, a new type', async () => {
    const result = await check(
      SALES.replace('customers(first: Int = 20)', 'customers(first: Int = 20, region: String)')
        .replace('segment: String', 'segment: String\n  website: String')
        .concat('\ntype Territory { id: ID! }\nextend type Query { territories: [Territory!]! }'),
    );
    expect(result.ok).toBe(true);
    expect(result.changes.map((c) => [c.type, c.path, c.level])).toEqual(
      expect.arrayContaining([
        ['FIELD_ADDED', 'Customer.website', 'NON_BREAKING'],
        ['FIELD_ARGUMENT_ADDED', 'Query.customers.region', 'DANGEROUS'],
        ['FIELD_ADDED', 'Query.territories', 'NON_BREAKING'],
      ]),
    );
    expect(result.changes.some((c) => c.level === 'BREAKING')).toBe(false);
  });

  it('catches a removed field', async () => {
    const result = await check(SALES.replace('  segment: String\n', ''));
    expect(result.ok).toBe(false);
    expect(result.changes).toEqual([
      expect.objectContaining({ type: 'FIELD_REMOVED', path: 'Customer.segment', level: 'BREAKING', accepted: false }),
    ]);
    expect(formatResult(result)).toContain('[BREAKING] FIELD_REMOVED Customer.segment');
  });

  it('catches a new required argument', async () => {
    const result = await check(SALES.replace('customers(first: Int = 20)', 'customers(first: Int = 20, region: String!)'));
    expect(result.ok).toBe(false);
    expect(result.changes).toEqual([
      expect.objectContaining({ type: 'FIELD_ARGUMENT_ADDED', path: 'Query.customers.region', level: 'BREAKING' }),
    ]);
  });

  it('catches a retyped field and an argument made required', async () => {
    const result = await check(SALES.replace('segment: String', 'segment: Int'));
    expect(result.changes.map((c) => [c.type, c.path, c.level])).toEqual([['FIELD_TYPE_CHANGED', 'Customer.segment', 'BREAKING']]);
    const required = await check(SALES.replace('customers(first: Int = 20)', 'customers(first: Int!)'));
    expect(required.changes.filter((c) => c.level === 'BREAKING').map((c) => c.path)).toEqual(['Query.customers.first']);
  });

  it('passes a breaking change marked as intended, and only that one', async () => {
    const accepted: AcceptedChange[] = [
      { subgraph: 'sales', type: 'FIELD_REMOVED', path: 'Customer.segment', reason: 'no client reads it' },
    ];
    expect((await check(SALES.replace('  segment: String\n', ''), accepted)).ok).toBe(true);
    const other = await check(SALES.replace('  segment: String\n', '').replace('name: String!', 'name: String'), accepted);
    expect(other.ok).toBe(false);
    expect(other.changes.filter((c) => c.level === 'BREAKING' && !c.accepted).map((c) => c.path)).toEqual(['Customer.name']);
    expect((await check(SALES.replace('  segment: String\n', ''), [{ ...accepted[0]!, subgraph: 'service' }])).ok).toBe(false);
  });

  it('reports a schema that no longer composes with the other deployed subgraphs', async () => {
    // service resolves Customer by id; a sales Customer without that key cannot be joined.
    const result = await check(SALES.replace('type Customer @key(fields: "id")', 'type Customer'));
    expect(result.ok).toBe(false);
    expect(result.compositionErrors.length).toBeGreaterThan(0);
    expect(formatResult(result)).toMatch(/does not compose/);
  });

  it("passes every committed subgraph schema against the committed supergraph (the repository's own graph)", async () => {
    const root = path.resolve(__dirname, '../..');
    const supergraphSdl = fs.readFileSync(path.join(root, 'apps/gateway/supergraph.graphql'), 'utf8');
    for (const subgraph of ['sales', 'marketing', 'service', 'partners', 'analytics']) {
      const newSchemaSdl = fs.readFileSync(path.join(root, 'apps', subgraph, 'schema.graphql'), 'utf8');
      const result = await checkSubgraphSchema({ subgraph, newSchemaSdl, supergraphSdl });
      expect([subgraph, result.compositionErrors, result.changes.filter((c) => c.level !== 'NON_BREAKING')]).toEqual([subgraph, [], []]);
    }
  });
});
