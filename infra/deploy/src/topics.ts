/* eslint-disable @nx/enforce-module-boundaries --
 * The topics each subgraph and the webhook worker provision, read from their definitions themselves (test-only). */
import type { TopicSpec } from '@crm/contracts';
import { provisionedTopics } from '@crm/events';
import { analyticsSubgraph } from '../../../apps/analytics/src/analytics.subgraph';
import { marketingSubgraph } from '../../../apps/marketing/src/marketing.subgraph';
import { partnersSubgraph } from '../../../apps/partners/src/partners.subgraph';
import { salesSubgraph } from '../../../apps/sales/src/sales.subgraph';
import { serviceSubgraph } from '../../../apps/service/src/service.subgraph';
import { WEBHOOKS_WORKER_TOPICS } from '../../../apps/webhooks/src/webhooks.worker';

const DEFINITIONS = [salesSubgraph, marketingSubgraph, serviceSubgraph, partnersSubgraph, analyticsSubgraph, WEBHOOKS_WORKER_TOPICS];

/** Every topic any service creates at start-up (produced, consumed, dead-letter), by name. */
export function declaredTopics(): Map<string, TopicSpec> {
  const topics = new Map<string, TopicSpec>();
  for (const def of DEFINITIONS) {
    for (const t of provisionedTopics(def)) {
      const seen = topics.get(t.name);
      if (!seen || t.partitions > seen.partitions) topics.set(t.name, t);
    }
  }
  return topics;
}
