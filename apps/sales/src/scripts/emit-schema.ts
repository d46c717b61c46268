import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { salesSubgraph } from '../sales.subgraph';

// Writes apps/sales/schema.graphql, the committed SDL the supergraph is composed from.
void emitSubgraphSchema(salesSubgraph.modules, path.resolve(__dirname, '../../schema.graphql'));
