import type { SubgraphDefinition } from '@crm/subgraph';
import { analyticsConfigSchema, type AnalyticsConfig } from './config/analytics.config';
import { dataSourceOptions } from './database/data-source';
import { NOTIFICATION_TOPICS } from './notifications/notifications.consumer';
import { NotificationsModule } from './notifications/notifications.module';
import { TIMELINE_TOPICS } from './timeline/timeline.consumer';
import { TimelineModule } from './timeline/timeline.module';

export const analyticsSubgraph: SubgraphDefinition<AnalyticsConfig> = {
  name: 'analytics',
  configSchema: analyticsConfigSchema,
  dataSource: dataSourceOptions,
  // Read models only: analytics writes no events of its own.
  produces: [],
  consumes: [...TIMELINE_TOPICS, ...NOTIFICATION_TOPICS.filter((t) => !TIMELINE_TOPICS.some((s) => s.name === t.name))],
  modules: [TimelineModule, NotificationsModule],
  events: (config) => ({ sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS, maxAttempts: config.EVENT_MAX_ATTEMPTS }),
};
