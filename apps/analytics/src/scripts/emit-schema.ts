import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { analyticsSubgraph } from '../analytics.subgraph';

// Writes apps/analytics/schema.graphql, the committed SDL the supergraph is composed from.
void emitSubgraphSchema(analyticsSubgraph.modules, path.resolve(__dirname, '../../schema.graphql'));
