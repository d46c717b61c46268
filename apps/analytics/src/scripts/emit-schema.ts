import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { TIMELINE_RESOLVERS } from '../timeline/timeline.module';
// After the timeline: the served schema lists types in the order their modules are loaded.
import { OlapResolver } from '../olap/olap.resolver';
import { INTELLIGENCE_RESOLVERS } from '../intelligence/intelligence.module';

// Writes apps/analytics/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema([...TIMELINE_RESOLVERS, OlapResolver, ...INTELLIGENCE_RESOLVERS], path.resolve(__dirname, '../../schema.graphql')).catch(
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
