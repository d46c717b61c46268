import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { CUSTOMER_RESOLVERS } from '../customers/customers.module';

// Writes apps/sales/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema(CUSTOMER_RESOLVERS, path.resolve(__dirname, '../../schema.graphql')).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
