/* eslint-disable @nx/enforce-module-boundaries --
 * The deployment checks (test-only, never built or shipped) read each app's own declarations
 * instead of copying them, so a change in an app is checked against the manifests. */
import { GATEWAY, SUBGRAPHS, WEBHOOK_WORKER } from '@crm/registry';
import type { z } from 'zod';
import { analyticsConfigSchema } from '../../../apps/analytics/src/config/analytics.config';
import { gatewayConfigSchema } from '../../../apps/gateway/src/config/gateway.config';
import { marketingConfigSchema } from '../../../apps/marketing/src/config/marketing.config';
import { partnersConfigSchema } from '../../../apps/partners/src/config/partners.config';
import { salesConfigSchema } from '../../../apps/sales/src/config/sales.config';
import { serviceConfigSchema } from '../../../apps/service/src/config/service.config';
import { webhooksConfigSchema } from '../../../apps/webhooks/src/config/webhooks.config';

export const SUBGRAPH_APPS = SUBGRAPHS.map((s) => s.name);
/** Every app with a database of its own: a migration Job, a CloudNativePG cluster, a login role. */
export const DATABASE_APPS = [...SUBGRAPH_APPS, WEBHOOK_WORKER.name];
export const APPS = [...DATABASE_APPS, GATEWAY.name];
export type AppName = (typeof APPS)[number];

/** Each app's default port (its config schema's PORT default); images, compose and k8s use the same. */
export const APP_PORTS = Object.fromEntries([...SUBGRAPHS, WEBHOOK_WORKER, GATEWAY].map((a) => [a.name, a.port])) as Record<
  AppName,
  number
>;

/** The environment schema each app validates at boot. */
export const CONFIG_SCHEMAS: Record<AppName, z.ZodObject> = {
  sales: salesConfigSchema,
  marketing: marketingConfigSchema,
  service: serviceConfigSchema,
  partners: partnersConfigSchema,
  analytics: analyticsConfigSchema,
  gateway: gatewayConfigSchema,
  webhooks: webhooksConfigSchema,
};
