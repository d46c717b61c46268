import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { CASE_RESOLVERS } from '../cases/cases.module';
import { CaseArticlesResolver, KnowledgeResolver } from '../knowledge/knowledge.resolver';
import { QueueResolver } from '../queues/queue.resolver';
import { CaseSatisfactionResolver } from '../satisfaction/case-satisfaction.resolver';
import { SlaResolver } from '../sla/sla.resolver';

// Writes apps/service/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema(
  [...CASE_RESOLVERS, KnowledgeResolver, CaseArticlesResolver, QueueResolver, SlaResolver, CaseSatisfactionResolver],
  path.resolve(__dirname, '../../schema.graphql'),
).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
