import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const marketingConfigSchema = z.object({
  ...serviceEnvShape,
  ...customerReferencesEnvShape,
  PORT: env.port(subgraph('marketing').port),
  /** Posts to /forms/<key> one client address may make per minute, across all forms. */
  FORM_POSTS_PER_IP_PER_MINUTE: env.positiveInt(20),
  /** Posts one form may take per minute, from everyone: a flood from many addresses stops here. */
  FORM_POSTS_PER_FORM_PER_MINUTE: env.positiveInt(600),
  /** The largest form post accepted, in bytes (the gateway's public route refuses larger ones first). */
  FORM_BODY_LIMIT_BYTES: env.positiveInt(16 * 1024),
});

export type MarketingConfig = z.infer<typeof marketingConfigSchema>;
