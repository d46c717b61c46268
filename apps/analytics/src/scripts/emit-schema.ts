import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { TIMELINE_RESOLVERS } from '../timeline/timeline.module';
// After the timeline: the served schema lists types in the order their modules are loaded.
import { OlapResolver } from '../olap/olap.resolver';

// Writes apps/analytics/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema([...TIMELINE_RESOLVERS, OlapResolver], path.resolve(__dirname, '../../schema.graphql')).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
