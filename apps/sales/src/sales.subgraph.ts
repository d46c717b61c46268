import { Topics, topicSpec } from '@crm/contracts';
import type { SubgraphDefinition } from '@crm/subgraph';
import { salesConfigSchema, type SalesConfig } from './config/sales.config';
import { CustomersModule } from './customers/customers.module';
import { dataSourceOptions } from './database/data-source';

export const salesSubgraph: SubgraphDefinition<SalesConfig> = {
  name: 'sales',
  configSchema: salesConfigSchema,
  dataSource: dataSourceOptions,
  produces: [topicSpec(Topics.salesCustomer), topicSpec(Topics.salesContact)],
  consumes: [],
  modules: [CustomersModule],
};
