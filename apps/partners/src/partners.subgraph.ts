import { SALES_OPPORTUNITY_TOPIC, Topics, topicSpec } from '@crm/contracts';
import { KNOWN_CUSTOMER_TOPICS } from '@crm/references';
import type { SubgraphDefinition } from '@crm/subgraph';
import { partnersConfigSchema, type PartnersConfig } from './config/partners.config';
import { dataSourceOptions } from './database/data-source';
import { CommissionsModule } from './commissions/commissions.module';
import { CustomerMergesModule } from './customer-merges/customer-merges.module';
import { DealRegistrationsModule } from './deal-registrations/deal-registrations.module';
import { LeadDistributionModule } from './lead-distribution/lead-distribution.module';
import { PartnersModule } from './partners/partners.module';
import { ScorecardsModule } from './scorecards/scorecards.module';

export const partnersSubgraph: SubgraphDefinition<PartnersConfig> = {
  name: 'partners',
  configSchema: partnersConfigSchema,
  dataSource: dataSourceOptions,
  produces: [
    topicSpec(Topics.partnersPartner),
    topicSpec(Topics.partnersDealRegistration),
    topicSpec(Topics.partnersCommission),
    topicSpec(Topics.partnersLeadOffer),
  ],
  consumes: [...KNOWN_CUSTOMER_TOPICS, topicSpec(SALES_OPPORTUNITY_TOPIC), topicSpec(Topics.marketingLeadDistribution)],
  modules: [PartnersModule, DealRegistrationsModule, CommissionsModule, ScorecardsModule, LeadDistributionModule, CustomerMergesModule],
};
