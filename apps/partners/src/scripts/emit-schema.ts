import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { COMMISSION_RESOLVERS } from '../commissions/commissions.module';
import { DEAL_REGISTRATION_RESOLVERS } from '../deal-registrations/deal-registrations.module';
import { LEAD_DISTRIBUTION_RESOLVERS } from '../lead-distribution/lead-distribution.module';
import { PARTNER_RESOLVERS } from '../partners/partners.module';
import { SCORECARD_RESOLVERS } from '../scorecards/scorecards.module';

// Writes apps/partners/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema(
  [...PARTNER_RESOLVERS, ...DEAL_REGISTRATION_RESOLVERS, ...COMMISSION_RESOLVERS, ...SCORECARD_RESOLVERS, ...LEAD_DISTRIBUTION_RESOLVERS],
  path.resolve(__dirname, '../../schema.graphql'),
).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
