import { SYSTEM_IDENTITY } from '@crm/auth';
import { ScheduledJob } from '@crm/subgraph';
import type { PartnersConfig } from '../config/partners.config';
import { LeadDistributionService } from './lead-distribution.service';

/**
 * Every LEAD_OFFER_EXPIRY_INTERVAL_MS, as the system: expires offers not answered in time and
 * offers those leads, and any lead left waiting after a decline, to the next partner.
 */
export class LeadOfferExpiryJob extends ScheduledJob(LeadDistributionService, {
  name: 'lead offer expiry',
  schedule: (config: PartnersConfig) => ({ enabled: config.LEAD_OFFER_EXPIRY_ENABLED, intervalMs: config.LEAD_OFFER_EXPIRY_INTERVAL_MS }),
  run: async (distribution, now) =>
    (await distribution.expireDue(SYSTEM_IDENTITY, now)) + (await distribution.distributeWaiting(SYSTEM_IDENTITY, now)),
  report: (moved, logger) => moved && logger.info({ moved }, 'lead offers expired or moved on'),
}) {}
