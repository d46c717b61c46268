import { MARKETING_LOYALTY_TOPIC, SALES_OPPORTUNITY_TOPIC, SALES_TEAM_TOPIC, SALES_USER_TOPIC, Topics, topicSpec } from '@crm/contracts';
import { KNOWN_CUSTOMER_TOPICS } from '@crm/references';
import type { SubgraphDefinition } from '@crm/subgraph';
import { marketingConfigSchema, type MarketingConfig } from './config/marketing.config';
import { dataSourceOptions } from './database/data-source';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ConsentModule } from './consent/consent.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EmailModule } from './email/email.module';
import { FormsModule } from './forms/forms.module';
import { ImportsModule } from './imports/imports.module';
import { LeadDistributionModule } from './lead-distribution/lead-distribution.module';
import { LeadsModule } from './leads/leads.module';
import { LoyaltyModule } from './loyalty/loyalty.module';
import { RoutingModule } from './routing/routing.module';
import { SEGMENT_AUDIENCE_TOPICS } from './segments/segment-audience.consumer';
import { ScoringModule } from './scoring/scoring.module';
import { TrackingModule } from './tracking/tracking.module';

export const marketingSubgraph: SubgraphDefinition<MarketingConfig> = {
  name: 'marketing',
  configSchema: marketingConfigSchema,
  dataSource: dataSourceOptions,
  produces: [
    topicSpec(Topics.marketingLead),
    topicSpec(Topics.marketingConsent),
    topicSpec(Topics.marketingCampaign),
    topicSpec(Topics.marketingLeadDistribution),
    topicSpec(MARKETING_LOYALTY_TOPIC),
  ],
  consumes: [
    ...KNOWN_CUSTOMER_TOPICS,
    topicSpec(SALES_USER_TOPIC),
    topicSpec(SALES_TEAM_TOPIC),
    topicSpec(Topics.partnersLeadOffer),
    // opportunity.won earns loyalty points.
    topicSpec(SALES_OPPORTUNITY_TOPIC),
    // Analytics' segments as campaign audiences, with sales' contacts to write to (the customer topic is above).
    ...SEGMENT_AUDIENCE_TOPICS.filter((t) => !KNOWN_CUSTOMER_TOPICS.some((k) => k.name === t.name)),
  ],
  modules: [
    LeadsModule,
    FormsModule,
    ConsentModule,
    CampaignsModule,
    EmailModule,
    TrackingModule,
    ScoringModule,
    RoutingModule,
    LeadDistributionModule,
    DashboardModule,
    LoyaltyModule,
    ImportsModule,
  ],
};
