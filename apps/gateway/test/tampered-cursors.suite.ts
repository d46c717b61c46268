import * as fs from 'node:fs';
import * as path from 'node:path';
import { graphqlClient, testContext, type Gql, type TestStack } from '@crm/testing';
import {
  Kind,
  parse,
  print,
  type EnumTypeDefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import { sharedStack } from './shared-stack';

/**
 * Every connection in the composed graph, found by walking the supergraph for fields with an
 * `after` argument, so a connection added later is covered without touching this file. Each is
 * called through the gateway with tampered cursors, under every sort it offers, and must answer
 * BAD_USER_INPUT on `after`: never a SQL error, an internal error or a page.
 */
const supergraph = parse(fs.readFileSync(path.join(__dirname, '..', 'supergraph.graphql'), 'utf8'));
const objects = supergraph.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
const enums = new Map(
  supergraph.definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION).map((e) => [e.name.value, e]),
);

const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));

interface ConnectionField {
  parent: string;
  field: FieldDefinitionNode;
}

const connections: ConnectionField[] = objects.flatMap((o) =>
  (o.fields ?? []).filter((f) => f.arguments?.some((a) => a.name.value === 'after')).map((field) => ({ parent: o.name.value, field })),
);

const query = objects.find((o) => o.name.value === 'Query')!;

/** The sort orders a connection offers (its enum `sort` argument), or just its default. */
function sortsOf(field: FieldDefinitionNode): (string | undefined)[] {
  const sort = field.arguments?.find((a) => a.name.value === 'sort');
  const values = sort && enums.get(namedType(sort.type))?.values;
  return values?.length ? values.map((v) => v.name.value) : [undefined];
}

/** Required arguments other than `after`: a connection that adds one must say in REQUIRED_ARGUMENTS how to fill it. */
function requiredArgs(field: FieldDefinitionNode): InputValueDefinitionNode[] {
  return (field.arguments ?? []).filter((a) => a.type.kind === Kind.NON_NULL_TYPE && !a.defaultValue && a.name.value !== 'after');
}

/** A real record for each required argument, so what the connection refuses is the cursor and nothing else. */
const REQUIRED_ARGUMENTS: Record<string, (records: Map<string, string>) => unknown> = {
  'Query.caseThread(caseId)': (records) => records.get('Case'),
  // Every consent record: the empty filter.
  'Query.consentHistory(filter)': () => ({}),
  'Query.searchKnowledgeArticles(query)': () => 'printer',
};
const requiredKey = (c: ConnectionField, a: InputValueDefinitionNode) => `${c.parent}.${c.field.name.value}(${a.name.value})`;

/** The way to one record of a type from Query: `customer(id: ID!)` for Customer. */
function lookupOf(type: string): FieldDefinitionNode {
  const lookup = query.fields?.find(
    (f) =>
      namedType(f.type) === type &&
      f.arguments?.length === 1 &&
      f.arguments[0]!.name.value === 'id' &&
      namedType(f.arguments[0]!.type) === 'ID',
  );
  if (!lookup) throw new Error(`${type} has a connection field, but Query has no ${type} lookup by id to reach it from`);
  return lookup;
}

function operationFor(c: ConnectionField, sort: string | undefined): string {
  const required = requiredArgs(c.field);
  const passed = required.map((a) => `, ${a.name.value}: $${a.name.value}`).join('');
  const declared = required.map((a) => `, $${a.name.value}: ${print(a.type)}`).join('');
  const args = `(first: 2, after: $after${sort ? `, sort: ${sort}` : ''}${passed})`;
  const selection = `${c.field.name.value}${args} { edges { cursor } pageInfo { hasNextPage } }`;
  if (c.parent === 'Query') return `query($after: String${declared}) { ${selection} }`;
  return `query($after: String, $id: ID!${declared}) { ${lookupOf(c.parent).name.value}(id: $id) { ${selection} } }`;
}

const base64url = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('tampered cursors, sent to every connection through the gateway', () => {
  let stack: TestStack;
  let gql: Gql;
  /** One record of each type that has a connection field, to reach that field from. */
  const recordIds = new Map<string, string>();
  /** A cursor some connection really produced, to replay on the others. */
  let foreignCursor: string;

  beforeAll(async () => {
    stack = await sharedStack();
    gql = graphqlClient(stack.gatewayUrl);
    for (const name of ['Hooli', 'Initech']) {
      const created = await gql<{ createCustomer: { id: string } }>(`mutation { createCustomer(input: { name: "${name}" }) { id } }`);
      expect(created.errors).toBeUndefined();
      recordIds.set('Customer', created.data!.createCustomer.id);
    }
    const opened = await gql<{ openCase: { id: string } }>(
      `mutation { openCase(input: { customerId: "${recordIds.get('Customer')}", subject: "Invoice missing", priority: LOW }) { id } }`,
    );
    expect(opened.errors).toBeUndefined();
    recordIds.set('Case', opened.data!.openCase.id);
    // Marketing's records with connections of their own: a lead (its status history), a campaign
    // (its members) and a web form (its submissions).
    const made = await gql<{ captureLead: { id: string }; createCampaign: { id: string }; createWebForm: { id: string } }>(
      `mutation {
        captureLead(input: { email: "ada@cursors.example.com", name: "Ada", source: WEB_FORM }) { id }
        createCampaign(input: { name: "Cursors", type: EMAIL }) { id }
        createWebForm(input: { name: "Cursors", allowedOrigins: [], fieldMap: [{ field: "email", attribute: EMAIL, required: true }, { field: "name", attribute: NAME, required: true }] }) { id }
      }`,
    );
    expect(made.errors).toBeUndefined();
    recordIds.set('Lead', made.data!.captureLead.id);
    recordIds.set('Campaign', made.data!.createCampaign.id);
    recordIds.set('WebForm', made.data!.createWebForm.id);
    // Sales' records that carry notes: a contact, an opportunity, and a partner (partners' type).
    const ctx = testContext(gql);
    recordIds.set('Contact', (await ctx.newContact({ customerId: recordIds.get('Customer') })).id);
    recordIds.set('Opportunity', (await ctx.newOpportunity({ customerId: recordIds.get('Customer') })).id);
    recordIds.set('Partner', (await ctx.newPartner()).id);
    // A segment (its members) and a webhook endpoint (its deliveries; a local URL is allowed outside production).
    const owned = await gql<{ createSegment: { id: string }; registerWebhookEndpoint: { endpoint: { id: string } } }>(
      `mutation {
        createSegment(input: { name: "Cursors", rule: "{\\"field\\": \\"tier\\", \\"op\\": \\"eq\\", \\"value\\": 1}" }) { id }
        registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", eventTypes: ["crm.sales.customer.created.v1"] }) { endpoint { id } }
      }`,
    );
    expect(owned.errors).toBeUndefined();
    recordIds.set('Segment', owned.data!.createSegment.id);
    recordIds.set('WebhookEndpoint', owned.data!.registerWebhookEndpoint.endpoint.id);
    const page = await gql<{ customers: { pageInfo: { endCursor: string } } }>('{ customers(first: 1) { pageInfo { endCursor } } }');
    foreignCursor = page.data!.customers.pageInfo.endCursor;
    expect(foreignCursor).toEqual(expect.any(String));
    // Five subgraphs and a gateway: slow to start on a busy machine.
  }, 300_000);

  it('finds the connections of every subgraph in the supergraph', () => {
    const names = connections.map((c) => `${c.parent}.${c.field.name.value}`);
    // A floor, not the list: the walk, not this line, decides what is covered.
    expect(names).toEqual(expect.arrayContaining(['Query.customers', 'Query.leads', 'Query.cases', 'Query.partners', 'Query.timeline']));
    const unfilled = connections.flatMap((c) => requiredArgs(c.field).map((a) => requiredKey(c, a))).filter((k) => !REQUIRED_ARGUMENTS[k]);
    expect(unfilled).toEqual([]);
  });

  const tampered: [string, () => string][] = [
    ['garbage', () => 'not-a-cursor'],
    ['base64 of something that is not JSON', () => Buffer.from('{"after": ').toString('base64url')],
    // The untagged shape every decoder accepted before; sales passed these values to SQL as they came.
    ['forged sort values', () => base64url(["2024-13-45T00:00:00.000Z' OR 1=1 --", '00000000-0000-0000-0000-00000000000g'])],
    ['a value that no column can hold', () => base64url(['\u0000', 1e308, null, { a: 1 }])],
    ['a real cursor of another connection (or another sort)', () => foreignCursor],
  ];

  const cases = connections.flatMap((c) =>
    sortsOf(c.field).map((sort) => ({ c, sort, label: `${c.parent}.${c.field.name.value}${sort ? ` sort ${sort}` : ''}` })),
  );

  it.each(cases)('$label refuses every tampered cursor as BAD_USER_INPUT on after', async ({ c, sort }) => {
    const variables: Record<string, unknown> = {};
    if (c.parent !== 'Query') variables.id = recordIds.get(c.parent);
    if (c.parent !== 'Query') expect(variables.id).toBeDefined();
    for (const a of requiredArgs(c.field)) variables[a.name.value] = REQUIRED_ARGUMENTS[requiredKey(c, a)]?.(recordIds);
    for (const [what, cursor] of tampered) {
      // The customers connection under its default sort produced the foreign cursor: it is its own, not foreign.
      if (what.startsWith('a real cursor') && c.parent === 'Query' && c.field.name.value === 'customers' && sort === 'CREATED_AT_DESC')
        continue;
      const res = await gql<Record<string, unknown>>(operationFor(c, sort), { ...variables, after: cursor() });
      expect({ what, errors: res.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field })) }).toEqual({
        what,
        errors: [{ code: 'BAD_USER_INPUT', field: 'after' }],
      });
    }
  });
});
