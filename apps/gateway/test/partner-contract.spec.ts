import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import {
  isInputObjectType,
  isObjectType,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  validate,
  visit,
  type GraphQLSchema,
} from 'graphql';
import {
  DEFAULT_PARTNER_OPERATIONS_FILE,
  DEFAULT_PARTNER_SUPERGRAPH_FILE,
  DEFAULT_PORTAL_OPERATIONS_FILE,
  DEFAULT_PORTAL_SUPERGRAPH_FILE,
  DEFAULT_SUPERGRAPH_FILE,
} from '../src/gateway.server';
import { loadSafelist } from '../src/persisted-operations';

/** The API schema a gateway serves from a committed supergraph file: what a client can name at all. */
async function apiSchema(file: string): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl: fs.readFileSync(file, 'utf8') });
  const { schema } = await gateway.load();
  await gateway.stop();
  return schema;
}

/**
 * What the partner contract exposes, committed: every type, field, argument, input field and enum
 * value a partner token can name at /partner/graphql. It is written by hand on purpose (never by
 * `npm run schema`), so that tagging one more field for partners is a reviewed change to this file.
 */
const EXPECTED_PARTNER_CONTRACT = path.join(__dirname, 'partner-contract.expected.graphql');

/**
 * The schema as SDL in a stable order, without descriptions: they are prose, not surface, and a
 * reworded comment should not need a new expectation.
 */
const surfaceOf = (schema: GraphQLSchema): string =>
  `${print(
    visit(parse(printSchema(lexicographicSortSchema(schema))), {
      enter: (node) => ('description' in node && node.description ? { ...node, description: undefined } : undefined),
    }),
  )}\n`;

const fieldsOf = (schema: GraphQLSchema, type: string): string[] => {
  const t = schema.getType(type);
  return t && isObjectType(t) ? Object.keys(t.getFields()).sort() : [];
};

const inputFieldsOf = (schema: GraphQLSchema, type: string): string[] => {
  const t = schema.getType(type);
  return t && isInputObjectType(t) ? Object.keys(t.getFields()).sort() : [];
};

describe('the partner contract served at /partner/graphql', () => {
  let partner: GraphQLSchema;
  let internal: GraphQLSchema;

  beforeAll(async () => {
    [partner, internal] = await Promise.all([apiSchema(DEFAULT_PARTNER_SUPERGRAPH_FILE), apiSchema(DEFAULT_SUPERGRAPH_FILE)]);
  });

  it('serves exactly the committed expectation: every type, field, argument and enum value, nothing more or less', () => {
    // On a failure the diff is the change to the partner surface: when it is meant, copy the new
    // surface into partner-contract.expected.graphql in the same commit as the tag that made it.
    expect(surfaceOf(partner)).toBe(fs.readFileSync(EXPECTED_PARTNER_CONTRACT, 'utf8'));
  });

  it('leaves out what is internal: the fields, types and root fields staff see and partners never name', () => {
    for (const internalOnly of ['ownerId', 'pipelineId', 'stageId', 'pipeline', 'stage', 'contacts', 'stageHistory', 'customer']) {
      expect(fieldsOf(partner, 'Opportunity')).not.toContain(internalOnly);
      expect(fieldsOf(internal, 'Opportunity')).toContain(internalOnly);
    }
    // A customer is only its key and the partner-tagged `partners` there.
    expect(fieldsOf(partner, 'Customer')).toEqual(['id', 'partners']);
    // The partner's channel manager is a key into sales' users: nothing of the staff directory behind it.
    expect(fieldsOf(partner, 'User')).toEqual(['id']);
    expect(fieldsOf(internal, 'User')).toEqual(expect.arrayContaining(['id', 'name', 'email']));
    for (const type of [
      'Lead',
      'Case',
      'Pipeline',
      'Quote',
      'Product',
      'Contact',
      'CustomerMetrics',
      'CommissionPlan',
      'LeadDistributionRule',
    ]) {
      expect(internal.getType(type)).toBeDefined();
      expect(partner.getType(type)).toBeUndefined();
    }
    expect(fieldsOf(internal, 'Query').length).toBeGreaterThan(fieldsOf(partner, 'Query').length);
  });

  it('takes from a partner only the name, amount and close date of its deal: no account, owner, partner or line-following', () => {
    const internalOnly = ['amountFollowsLines', 'customerId', 'ownerId', 'partnerId'];
    expect(inputFieldsOf(internal, 'UpdateOpportunityInput')).toEqual(expect.arrayContaining(internalOnly));
    expect(inputFieldsOf(partner, 'UpdateOpportunityInput')).toEqual(
      inputFieldsOf(internal, 'UpdateOpportunityInput').filter((f) => !internalOnly.includes(f)),
    );
    // Partners open deals by registering them; sales' createOpportunity is staff's.
    expect(fieldsOf(partner, 'Mutation')).not.toContain('createOpportunity');
  });

  it('safelists only operations that are valid against the contract, each under the sha256 of its document', () => {
    const safelist = loadSafelist(DEFAULT_PARTNER_OPERATIONS_FILE);
    expect(safelist.size).toBeGreaterThan(0);
    for (const [id, document] of safelist) {
      expect({ id, errors: validate(partner, parse(document)).map((e) => e.message) }).toEqual({ id, errors: [] });
    }
  });
});

describe("the self-service portal's contract served at /portal/graphql", () => {
  let portal: GraphQLSchema;
  let internal: GraphQLSchema;

  beforeAll(async () => {
    [portal, internal] = await Promise.all([apiSchema(DEFAULT_PORTAL_SUPERGRAPH_FILE), apiSchema(DEFAULT_SUPERGRAPH_FILE)]);
  });

  it("has a customer's cases, their thread and the knowledge base, and nothing of support's own work", () => {
    expect(fieldsOf(portal, 'Query')).toEqual([
      'case',
      'caseReturn',
      'caseReturns',
      'caseThread',
      'cases',
      'knowledgeArticle',
      'knowledgeArticles',
      'knowledgeCategories',
      'searchKnowledgeArticles',
    ]);
    expect(fieldsOf(portal, 'Mutation')).toEqual(['openCase', 'postCaseMessage', 'requestReturn']);
    expect(fieldsOf(portal, 'Case')).toEqual([
      'channel',
      'closedAt',
      'contactId',
      'customerId',
      'description',
      'id',
      'openedAt',
      'priority',
      'productId',
      'satisfaction',
      'status',
      'subject',
      'type',
      'updatedAt',
    ]);
    // Support's routing, assignment, escalation and links stay internal.
    for (const internalOnly of [
      'queueId',
      'assigneeId',
      'escalationLevel',
      'firstResponseBreachedAt',
      'relatedCases',
      'articles',
      'customer',
    ]) {
      expect(fieldsOf(internal, 'Case')).toContain(internalOnly);
    }
    expect(fieldsOf(portal, 'KnowledgeArticle')).toEqual([
      'body',
      'categoryId',
      'helpfulCount',
      'id',
      'notHelpfulCount',
      'publishedAt',
      'title',
      'updatedAt',
    ]);
    for (const type of ['Customer', 'Opportunity', 'Lead', 'Partner', 'Queue', 'SlaPolicy', 'KnowledgeArticleVersion', 'User']) {
      expect(portal.getType(type)).toBeUndefined();
    }
  });

  it('takes from a customer only what it may say about its own cases: no queue, agent, back-dated opening or internal note', () => {
    for (const [type, internalOnly] of [
      ['OpenCaseInput', ['assigneeId', 'occurredAt', 'queueId']],
      ['CaseFilter', ['assignee', 'assigneeId', 'queueId']],
      ['PostCaseMessageInput', ['internal']],
    ] as const) {
      expect(inputFieldsOf(internal, type)).toEqual(expect.arrayContaining([...internalOnly]));
      expect(inputFieldsOf(portal, type)).toEqual(
        inputFieldsOf(internal, type).filter((f) => !(internalOnly as readonly string[]).includes(f)),
      );
    }
    // A contact reads replies only: a thread's message does not even name the internal flag there.
    expect(fieldsOf(internal, 'CaseMessage')).toContain('internal');
    expect(fieldsOf(portal, 'CaseMessage')).toEqual(['authorId', 'body', 'caseId', 'id', 'postedAt']);
  });

  it('safelists only operations that are valid against the portal contract, each under the sha256 of its document', () => {
    const safelist = loadSafelist(DEFAULT_PORTAL_OPERATIONS_FILE);
    expect(safelist.size).toBeGreaterThan(0);
    for (const [id, document] of safelist) {
      expect({ id, errors: validate(portal, parse(document)).map((e) => e.message) }).toEqual({ id, errors: [] });
    }
  });
});
