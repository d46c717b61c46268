import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { partnersSubgraph } from '../partners.subgraph';

// Writes apps/partners/schema.graphql, the committed SDL the supergraph is composed from.
void emitSubgraphSchema(partnersSubgraph.modules, path.resolve(__dirname, '../../schema.graphql'));
