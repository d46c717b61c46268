import { ScheduledJob } from '@crm/subgraph';
import type { MarketingConfig } from '../config/marketing.config';
import { LoyaltyService } from './loyalty.service';

/** Expires loyalty points past the programme's age every LOYALTY_EXPIRY_INTERVAL_MS; expiring twice writes nothing twice. */
export class LoyaltyExpiryJob extends ScheduledJob(LoyaltyService, {
  name: 'loyalty expiry job',
  schedule: (config: MarketingConfig) => ({ enabled: config.LOYALTY_EXPIRY_ENABLED, intervalMs: config.LOYALTY_EXPIRY_INTERVAL_MS }),
  run: (loyalty, now) => loyalty.expireAll(now),
  report: (customers, logger) => customers && logger.info({ customers }, 'loyalty points expired'),
}) {}
