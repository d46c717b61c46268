import { Topics, topicSpec } from '@crm/contracts';
import { KNOWN_CUSTOMER_TOPICS } from '@crm/references';
import type { SubgraphDefinition } from '@crm/subgraph';
import { marketingConfigSchema, type MarketingConfig } from './config/marketing.config';
import { dataSourceOptions } from './database/data-source';
import { FormsModule } from './forms/forms.module';
import { LeadsModule } from './leads/leads.module';

export const marketingSubgraph: SubgraphDefinition<MarketingConfig> = {
  name: 'marketing',
  configSchema: marketingConfigSchema,
  dataSource: dataSourceOptions,
  produces: [topicSpec(Topics.marketingLead)],
  consumes: KNOWN_CUSTOMER_TOPICS,
  modules: [LeadsModule, FormsModule],
};
