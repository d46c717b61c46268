import { ANALYTICS_CHURN_RISK_TOPIC, ANALYTICS_SEGMENT_TOPIC, topicSpec } from '@crm/contracts';
import type { SubgraphDefinition } from '@crm/subgraph';
import { CHURN_RISK_TOPICS } from './churn-risk/churn-risk.consumer';
import { ChurnRiskModule } from './churn-risk/churn-risk.module';
import { analyticsConfigSchema, type AnalyticsConfig } from './config/analytics.config';
import { CrossSellModule } from './cross-sell/cross-sell.module';
import { AUDIT_TOPICS } from './audit/audit.consumer';
import { AuditModule } from './audit/audit.module';
import { dataSourceOptions } from './database/data-source';
import { OlapModule } from './olap/olap.module';
import { SEGMENT_TOPICS } from './segments/segments.consumer';
import { SegmentsModule } from './segments/segments.module';
import { IntelligenceModule } from './intelligence/intelligence.module';
import { NOTIFICATION_TOPICS } from './notifications/notifications.consumer';
import { NotificationsModule } from './notifications/notifications.module';
import { TIMELINE_TOPICS } from './timeline/timeline.consumer';
import { TimelineModule } from './timeline/timeline.module';
import { WAREHOUSE_TOPICS } from './warehouse/warehouse.consumer';
import { WarehouseModule } from './warehouse/warehouse.module';
import { ProductIssuesModule } from './product-issues/product-issues.module';
import { ForecastModule } from './forecast/forecast.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { AttributionModule } from './attribution/attribution.module';
import { SEARCH_TOPICS } from './search/search.consumer';
import { SearchModule } from './search/search.module';

/** Every topic a read model of analytics is built from, each once. */
export const ANALYTICS_TOPICS = [
  ...new Map(
    [
      ...TIMELINE_TOPICS,
      ...WAREHOUSE_TOPICS,
      ...NOTIFICATION_TOPICS,
      ...CHURN_RISK_TOPICS,
      ...AUDIT_TOPICS,
      ...SEGMENT_TOPICS,
      ...SEARCH_TOPICS,
    ].map((t) => [t.name, t]),
  ).values(),
];

export const analyticsSubgraph: SubgraphDefinition<AnalyticsConfig> = {
  name: 'analytics',
  configSchema: analyticsConfigSchema,
  dataSource: dataSourceOptions,
  // Read models, and the crossings of a churn-risk threshold; segment definitions and memberships.
  produces: [topicSpec(ANALYTICS_CHURN_RISK_TOPIC), topicSpec(ANALYTICS_SEGMENT_TOPIC)],
  consumes: ANALYTICS_TOPICS,
  modules: [
    TimelineModule,
    WarehouseModule,
    OlapModule,
    IntelligenceModule,
    NotificationsModule,
    ChurnRiskModule,
    CrossSellModule,
    AuditModule,
    ProductIssuesModule,
    ForecastModule,
    CohortsModule,
    AttributionModule,
    SegmentsModule,
    SearchModule,
  ],
  events: (config) => ({ sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS, maxAttempts: config.EVENT_MAX_ATTEMPTS }),
};
