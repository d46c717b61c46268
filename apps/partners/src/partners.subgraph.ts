import { Topics, topicSpec } from '@crm/contracts';
import { KNOWN_CUSTOMER_TOPICS } from '@crm/references';
import type { SubgraphDefinition } from '@crm/subgraph';
import { partnersConfigSchema, type PartnersConfig } from './config/partners.config';
import { dataSourceOptions } from './database/data-source';
import { PartnersModule } from './partners/partners.module';

export const partnersSubgraph: SubgraphDefinition<PartnersConfig> = {
  name: 'partners',
  configSchema: partnersConfigSchema,
  dataSource: dataSourceOptions,
  produces: [topicSpec(Topics.partnersPartner)],
  consumes: KNOWN_CUSTOMER_TOPICS,
  modules: [PartnersModule],
};
