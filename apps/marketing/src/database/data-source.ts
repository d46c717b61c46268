import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import { REFERENCE_ENTITIES } from '@crm/references';
import type { DataSourceOptions } from 'typeorm';
import { CAMPAIGN_ENTITIES } from '../campaigns/campaigns.module';
import { CONSENT_ENTITIES } from '../consent/consent.module';
import { EMAIL_ENTITIES } from '../email/email.module';
import { FORM_ENTITIES } from '../forms/forms.module';
import { LEAD_DISTRIBUTION_ENTITIES } from '../lead-distribution/lead-distribution.module';
import { LEAD_ENTITIES } from '../leads/leads.module';
import { LOYALTY_ENTITIES } from '../loyalty/loyalty.module';
import { ROUTING_ENTITIES } from '../routing/routing.module';
import { SCORING_ENTITIES } from '../scoring/scoring.module';
import { MARKETING_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'marketing',
    entities: [
      ...LEAD_ENTITIES,
      ...FORM_ENTITIES,
      ...CONSENT_ENTITIES,
      ...CAMPAIGN_ENTITIES,
      ...EMAIL_ENTITIES,
      ...LEAD_DISTRIBUTION_ENTITIES,
      ...SCORING_ENTITIES,
      ...ROUTING_ENTITIES,
      ...LOYALTY_ENTITIES,
      ...REFERENCE_ENTITIES,
      ...EVENT_ENTITIES,
    ],
    migrations: MARKETING_MIGRATIONS,
  });
}
