import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { NOTIFICATION_RESOLVERS } from '../notifications/notifications.module';
import { TIMELINE_RESOLVERS } from '../timeline/timeline.module';

// Writes apps/analytics/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema([...TIMELINE_RESOLVERS, ...NOTIFICATION_RESOLVERS], path.resolve(__dirname, '../../schema.graphql')).catch(
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
