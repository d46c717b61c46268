import { Topics, topicSpec } from '@crm/contracts';
import { KNOWN_CONTACT_TOPICS, KNOWN_CUSTOMER_TOPICS } from '@crm/references';
import type { SubgraphDefinition } from '@crm/subgraph';
import { CasesModule } from './cases/cases.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { ReturnsModule } from './returns/returns.module';
import { serviceConfigSchema, type ServiceConfig } from './config/service.config';
import { dataSourceOptions } from './database/data-source';

export const serviceSubgraph: SubgraphDefinition<ServiceConfig> = {
  name: 'service',
  configSchema: serviceConfigSchema,
  dataSource: dataSourceOptions,
  produces: [topicSpec(Topics.serviceCase), topicSpec(Topics.serviceKnowledgeArticle), topicSpec(Topics.serviceReturn)],
  // The customer topic feeds both read models: listed once.
  consumes: [...KNOWN_CUSTOMER_TOPICS, ...KNOWN_CONTACT_TOPICS.filter((t) => !KNOWN_CUSTOMER_TOPICS.some((c) => c.name === t.name))],
  modules: [CasesModule, KnowledgeModule, DashboardModule, ReturnsModule],
};
