import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { FORM_RESOLVERS } from '../forms/forms.module';
import { LEAD_RESOLVERS } from '../leads/leads.module';

// Writes apps/marketing/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema([...LEAD_RESOLVERS, ...FORM_RESOLVERS], path.resolve(__dirname, '../../schema.graphql')).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
