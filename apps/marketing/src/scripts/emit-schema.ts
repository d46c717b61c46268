import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { marketingSubgraph } from '../marketing.subgraph';

// Writes apps/marketing/schema.graphql, the committed SDL the supergraph is composed from.
void emitSubgraphSchema(marketingSubgraph.modules, path.resolve(__dirname, '../../schema.graphql'));
