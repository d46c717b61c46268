import { ScheduledJob } from '@crm/subgraph';
import type { AnalyticsConfig } from '../config/analytics.config';
import { NotificationDigestService } from './notification-digest.service';

/**
 * Every NOTIFICATION_DIGEST_SCAN_INTERVAL_MS, mails the email digests that are due: a user's comes
 * NOTIFICATION_DIGEST_INTERVAL_MS after their last (a day by default), and one the relay refused
 * comes again after a doubling pause. Across instances the claim on each user keeps it one mail.
 */
export class NotificationDigestJob extends ScheduledJob(NotificationDigestService, {
  name: 'notification digest job',
  schedule: (config: AnalyticsConfig) => ({
    enabled: config.NOTIFICATION_DIGEST_ENABLED,
    intervalMs: config.NOTIFICATION_DIGEST_SCAN_INTERVAL_MS,
  }),
  run: (digests, now) => digests.sendDue(now),
  report: (mailed, logger) => mailed && logger.info({ mailed }, 'notification email digests sent'),
}) {}
