import * as path from 'node:path';
import { emitSubgraphSchema } from '@crm/graphql';
import { CAMPAIGN_RESOLVERS } from '../campaigns/campaigns.module';
import { CONSENT_RESOLVERS } from '../consent/consent.module';
import { EMAIL_RESOLVERS } from '../email/email.module';
import { FORM_RESOLVERS } from '../forms/forms.module';
import { ROUTING_RESOLVERS } from '../routing/routing.module';
import { SCORING_RESOLVERS } from '../scoring/scoring.module';
import { LEAD_RESOLVERS } from '../leads/leads.module';

// Writes apps/marketing/schema.graphql, the committed SDL the supergraph is composed from.
emitSubgraphSchema(
  [
    ...LEAD_RESOLVERS,
    ...FORM_RESOLVERS,
    ...CONSENT_RESOLVERS,
    ...CAMPAIGN_RESOLVERS,
    ...EMAIL_RESOLVERS,
    ...SCORING_RESOLVERS,
    ...ROUTING_RESOLVERS,
  ],
  path.resolve(__dirname, '../../schema.graphql'),
).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
