import {
  ANALYTICS_CHURN_RISK_TOPIC,
  SALES_ACTIVITY_TOPIC,
  SALES_NOTE_TOPIC,
  SALES_OPPORTUNITY_TOPIC,
  SALES_QUOTE_TOPIC,
  SALES_TEAM_TOPIC,
  SALES_USER_TOPIC,
  SALES_WEBHOOK_ENDPOINT_TOPIC,
  Topics,
  WEBHOOKS_DELIVERY_TOPIC,
  topicSpec,
} from '@crm/contracts';
import type { SubgraphDefinition } from '@crm/subgraph';
import { salesConfigSchema, type SalesConfig } from './config/sales.config';
import { CustomerMergesModule } from './customer-merges/customer-merges.module';
import { ActivitiesModule } from './activities/activities.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DealImportModule } from './deal-import/deal-import.module';
import { ExportsModule } from './exports/exports.module';
import { ImportsModule } from './imports/imports.module';
import { CustomersModule } from './customers/customers.module';
import { dataSourceOptions } from './database/data-source';
import { DealRegistrationsModule } from './deal-registrations/deal-registrations.module';
import { NotesModule } from './notes/notes.module';
import { LeadConversionModule } from './lead-conversion/lead-conversion.module';
import { OpportunitiesModule } from './opportunities/opportunities.module';
import { PipelinesModule } from './pipelines/pipelines.module';
import { ProductsModule } from './products/products.module';
import { QuotesModule } from './quotes/quotes.module';
import { SavedViewsModule } from './saved-views/saved-views.module';
import { ServiceAccountsModule } from './service-accounts/service-accounts.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export const salesSubgraph: SubgraphDefinition<SalesConfig> = {
  name: 'sales',
  configSchema: salesConfigSchema,
  dataSource: dataSourceOptions,
  produces: [
    topicSpec(Topics.salesCustomer),
    topicSpec(Topics.salesContact),
    topicSpec(SALES_OPPORTUNITY_TOPIC),
    topicSpec(SALES_QUOTE_TOPIC),
    topicSpec(SALES_ACTIVITY_TOPIC),
    topicSpec(SALES_USER_TOPIC),
    topicSpec(SALES_TEAM_TOPIC),
    topicSpec(SALES_NOTE_TOPIC),
    topicSpec(SALES_WEBHOOK_ENDPOINT_TOPIC),
  ],
  // lead.converted (marketing) and deal-registration.approved (partners) open customers and opportunities here;
  // churn-risk.raised (analytics) gives the customer's owner a retention task; the webhook worker reports its attempts.
  consumes: [
    topicSpec(Topics.marketingLead),
    topicSpec(Topics.partnersDealRegistration),
    topicSpec(ANALYTICS_CHURN_RISK_TOPIC),
    topicSpec(WEBHOOKS_DELIVERY_TOPIC),
  ],
  modules: [
    UsersModule,
    CustomersModule,
    PipelinesModule,
    OpportunitiesModule,
    ProductsModule,
    QuotesModule,
    CustomerMergesModule,
    LeadConversionModule,
    DealRegistrationsModule,
    ActivitiesModule,
    DashboardModule,
    DealImportModule,
    ExportsModule,
    ImportsModule,
    NotesModule,
    SavedViewsModule,
    ServiceAccountsModule,
    WebhooksModule,
  ],
};
