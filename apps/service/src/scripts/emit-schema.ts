import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { serviceSubgraph } from '../service.subgraph';

// Writes apps/service/schema.graphql, the committed SDL the supergraph is composed from.
void emitSubgraphSchema(serviceSubgraph.modules, path.resolve(__dirname, '../../schema.graphql'));
