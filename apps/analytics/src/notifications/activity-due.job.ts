import { ScheduledJob } from '@crm/subgraph';
import type { AnalyticsConfig } from '../config/analytics.config';
import { NotificationRepository } from './notification.repository';

/**
 * Every ACTIVITY_DUE_SCAN_INTERVAL_MS, tells the owners of open activities due within
 * ACTIVITY_DUE_SOON_MS: no event says that time is running out. Across instances and restarts the
 * notification's key (activity and due time) keeps each told once.
 */
export class ActivityDueJob extends ScheduledJob(NotificationRepository, {
  name: 'activity due-soon job',
  schedule: (config: AnalyticsConfig) => ({ enabled: config.ACTIVITY_DUE_SCAN_ENABLED, intervalMs: config.ACTIVITY_DUE_SCAN_INTERVAL_MS }),
  run: (notifications, now, config) => notifications.notifyDueSoon(now, config.ACTIVITY_DUE_SOON_MS),
  report: (told, logger) => told && logger.info({ told }, 'activity owners told their activities are due soon'),
}) {}
