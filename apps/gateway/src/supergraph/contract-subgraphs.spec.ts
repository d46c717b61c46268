import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import {
  buildASTSchema,
  isObjectType,
  isUnionType,
  parse,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLSchema,
} from 'graphql';
import { contractSubgraphs } from './contract-subgraphs';

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.14", import: ["@key", "@tag"])`;

/** A subgraph's SDL as `npm run schema` commits it: printed by @apollo/subgraph, specs' definitions and all. */
const printed = (name: string, sdl: string) => ({
  name,
  url: `http://${name}/graphql`,
  typeDefs: parse(printSubgraphSchema(buildSubgraphSchema([{ typeDefs: parse(`${LINK}\n${sdl}`) }]))),
});

const fieldsOf = (schema: GraphQLSchema, type: string): string[] => {
  const t = schema.getType(type);
  return t && isObjectType(t) ? Object.keys(t.getFields()).sort() : [];
};

describe('contractSubgraphs', () => {
  const sales = printed(
    'sales',
    `type Query { deal(id: ID!): Deal @tag(name: "partner") internalReport: String }
     type Mutation { closeDeal(id: ID!): Deal internalOnly: Boolean }
     type Deal @key(fields: "id") { id: ID! name: String! @tag(name: "partner") margin: Float }`,
  );
  // Nothing of this one's roots is for partners; only its field on the shared entity is.
  const notes = printed(
    'notes',
    `type Query { notes: [String!]! }
     type Mutation { addNote(text: String!): Boolean }
     type Deal @key(fields: "id") { id: ID! note: String @tag(name: "partner") }`,
  );

  it('composes subgraphs printed with the @link and federation specs, keeping only what is tagged', () => {
    // Before: the contract dropped link__Purpose and federation__FieldSet but kept the directives
    // that name them, and a root type it had emptied stayed in `schema { ... }`.
    expect(printSubgraphSchema(buildSubgraphSchema([{ typeDefs: parse(`${LINK} type Query { a: Int }`) }]))).toContain('link__Purpose');
    const result = composeServices(contractSubgraphs('partner', [sales, notes]));
    expect(result.errors?.map((e) => e.message)).toBeUndefined();

    const api = buildASTSchema(parse(result.supergraphSdl!));
    expect(fieldsOf(api, 'Query')).toEqual(['deal']);
    expect(api.getType('Mutation')).toBeUndefined();
    expect(fieldsOf(api, 'Deal')).toEqual(['id', 'name', 'note']);
  });

  it('leaves out a subgraph that has nothing tagged for partners', () => {
    const untagged = printed('untagged', `type Query { secrets: [String!]! }`);
    expect(contractSubgraphs('partner', [sales, untagged]).map((s) => s.name)).toEqual(['sales']);
  });

  it('keeps only the tagged fields of a type that is not an entity but has some fields tagged, for its own tag only', () => {
    const service = printed(
      'service',
      `type Query { ticket(id: ID!): Ticket @tag(name: "portal") tickets: [Ticket!]! @tag(name: "partner") }
       type Ticket { id: ID! @tag(name: "portal") subject: String! @tag(name: "portal") assigneeId: ID escalation: Int }`,
    );
    const portal = composeServices(contractSubgraphs('portal', [service]));
    expect(portal.errors?.map((e) => e.message)).toBeUndefined();
    const api = buildASTSchema(parse(portal.supergraphSdl!));
    expect(fieldsOf(api, 'Query')).toEqual(['ticket']);
    expect(fieldsOf(api, 'Ticket')).toEqual(['id', 'subject']);
    // The partner contract reaches Ticket through its own tag, and no field of it is tagged for partners: whole.
    const partner = buildASTSchema(parse(composeServices(contractSubgraphs('partner', [service])).supergraphSdl!));
    expect(fieldsOf(partner, 'Query')).toEqual(['tickets']);
    expect(fieldsOf(partner, 'Ticket')).toEqual(['assigneeId', 'escalation', 'id', 'subject']);
  });

  it('keeps only the tagged values of an enum that has some values tagged', () => {
    const kinds = printed(
      'kinds',
      `type Query { find(kinds: [Kind!]): [Kind!]! @tag(name: "partner") }
       enum Kind { DEAL @tag(name: "partner") TICKET NOTE @tag(name: "partner") }
       enum Untagged { A B }
       type Mutation { pick(u: Untagged): Int @tag(name: "partner") }`,
    );
    const api = buildASTSchema(parse(composeServices(contractSubgraphs('partner', [kinds])).supergraphSdl!));
    const values = (name: string) => (api.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values('Kind')).toEqual(['DEAL', 'NOTE']);
    expect(values('Untagged')).toEqual(['A', 'B']);
  });

  it('keeps only the tagged fields of an input that has some fields tagged, and refuses to leave out a required one', () => {
    const service = printed(
      'service',
      `type Query { tickets(filter: TicketFilter): [Int!]! @tag(name: "portal") @tag(name: "partner") }
       input TicketFilter { status: String @tag(name: "portal") queueId: ID assigneeId: ID }`,
    );
    const inputFields = (schema: GraphQLSchema) => Object.keys((schema.getType('TicketFilter') as GraphQLInputObjectType).getFields());
    const portal = composeServices(contractSubgraphs('portal', [service]));
    expect(portal.errors?.map((e) => e.message)).toBeUndefined();
    expect(inputFields(buildASTSchema(parse(portal.supergraphSdl!)))).toEqual(['status']);
    // Nothing of it is tagged for partners: whole there.
    const partner = buildASTSchema(parse(composeServices(contractSubgraphs('partner', [service])).supergraphSdl!));
    expect(inputFields(partner)).toEqual(['status', 'queueId', 'assigneeId']);

    const required = printed(
      'required',
      `type Query { open(input: OpenInput!): Int @tag(name: "portal") }
       input OpenInput { subject: String! @tag(name: "portal") customerId: ID! channel: String! = "WEB" }`,
    );
    expect(() => contractSubgraphs('portal', [required])).toThrow(
      'OpenInput: the portal contract leaves out required customerId; tag it too',
    );
  });

  describe('unions', () => {
    // A search subgraph whose hits may be any record: partners read deals, never tickets.
    const search = printed(
      'search',
      `type Query {
         find(text: String!): [Hit!]! @tag(name: "partner")
         findSecret(text: String!): Secret @tag(name: "partner")
         findSecrets: [SecretHit!]! @tag(name: "partner")
       }
       type Hit { score: Float! record: Found! }
       union Found = Deal | Ticket
       union Secret = Ticket
       type SecretHit { score: Float! record: Secret! }
       type Deal @key(fields: "id", resolvable: false) { id: ID! }
       type Ticket @key(fields: "id", resolvable: false) { id: ID! }`,
    );
    const unionMembers = (schema: GraphQLSchema, name: string) => {
      const t = schema.getType(name);
      return t && isUnionType(t)
        ? t
            .getTypes()
            .map((m) => m.name)
            .sort()
        : undefined;
    };

    it('keeps only the members something else in the contract reaches, and drops a union with none left and its fields', () => {
      const result = composeServices(contractSubgraphs('partner', [sales, notes, search]));
      expect(result.errors?.map((e) => e.message)).toBeUndefined();
      const api = buildASTSchema(parse(result.supergraphSdl!));
      // Before: the union brought Ticket in, with every field of it, though nothing tagged reaches it.
      expect(unionMembers(api, 'Found')).toEqual(['Deal']);
      expect(api.getType('Ticket')).toBeUndefined();
      expect(api.getType('Secret')).toBeUndefined();
      expect(fieldsOf(api, 'SecretHit')).toEqual(['score']);
      expect(fieldsOf(api, 'Query')).toEqual(['deal', 'find', 'findSecrets']);
      expect(fieldsOf(api, 'Hit')).toEqual(['record', 'score']);
    });

    it('keeps every member of a union tagged for the contract', () => {
      const tagged = printed(
        'tagged',
        `type Query { findAll: [AnyHit!]! @tag(name: "partner") }
         union AnyHit @tag(name: "partner") = Deal | Ticket
         type Deal @key(fields: "id", resolvable: false) { id: ID! }
         type Ticket @key(fields: "id", resolvable: false) { id: ID! }`,
      );
      const api = buildASTSchema(parse(composeServices(contractSubgraphs('partner', [sales, tagged])).supergraphSdl!));
      expect(unionMembers(api, 'AnyHit')).toEqual(['Deal', 'Ticket']);
      expect(fieldsOf(api, 'Ticket')).toEqual(['id']);
    });
  });
});
