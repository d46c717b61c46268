import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { CUSTOMER_MERGE_RESOLVERS } from '../customer-merges/customer-merges.module';
import { ACTIVITY_RESOLVERS } from '../activities/activities.module';
import { DASHBOARD_RESOLVERS } from '../dashboard/dashboard.module';
import { DEAL_IMPORT_RESOLVERS } from '../deal-import/deal-import.module';
import { CUSTOMER_RESOLVERS } from '../customers/customers.module';
import { NOTE_RESOLVERS } from '../notes/notes.module';
import { OPPORTUNITY_RESOLVERS } from '../opportunities/opportunities.module';
import { PIPELINE_RESOLVERS } from '../pipelines/pipelines.module';
import { PRODUCT_RESOLVERS } from '../products/products.module';
import { QUOTE_RESOLVERS } from '../quotes/quotes.module';
import { USER_RESOLVERS } from '../users/users.module';

// Writes apps/sales/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema(
  [
    // First, as UsersModule is first in the subgraph's modules: the served schema lists types in that order.
    ...USER_RESOLVERS,
    ...CUSTOMER_RESOLVERS,
    ...PIPELINE_RESOLVERS,
    ...OPPORTUNITY_RESOLVERS,
    ...PRODUCT_RESOLVERS,
    ...QUOTE_RESOLVERS,
    ...CUSTOMER_MERGE_RESOLVERS,
    ...ACTIVITY_RESOLVERS,
    ...DASHBOARD_RESOLVERS,
    ...DEAL_IMPORT_RESOLVERS,
    ...NOTE_RESOLVERS,
  ],
  path.resolve(__dirname, '../../schema.graphql'),
).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
