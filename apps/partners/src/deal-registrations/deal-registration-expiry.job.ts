import { SYSTEM_IDENTITY } from '@crm/auth';
import { ScheduledJob } from '@crm/subgraph';
import type { PartnersConfig } from '../config/partners.config';
import { DealRegistrationExpiryService } from './deal-registration-expiry.service';

/** Expires approved registrations not won in time, every DEAL_REGISTRATION_EXPIRY_INTERVAL_MS, as the system. */
export class DealRegistrationExpiryJob extends ScheduledJob(DealRegistrationExpiryService, {
  name: 'deal registration expiry',
  schedule: (config: PartnersConfig) => ({
    enabled: config.DEAL_REGISTRATION_EXPIRY_ENABLED,
    intervalMs: config.DEAL_REGISTRATION_EXPIRY_INTERVAL_MS,
  }),
  run: (expiry, now) => expiry.expireDue(SYSTEM_IDENTITY, now),
  report: (expired, logger) => expired && logger.info({ expired }, 'deal registrations expired'),
}) {}
