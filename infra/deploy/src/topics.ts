/* eslint-disable @nx/enforce-module-boundaries --
 * The topics each subgraph provisions, read from the subgraph definitions themselves (test-only). */
import type { TopicSpec } from '@crm/contracts';
import { provisionedTopics } from '@crm/events';
import { analyticsSubgraph } from '../../../apps/analytics/src/analytics.subgraph';
import { marketingSubgraph } from '../../../apps/marketing/src/marketing.subgraph';
import { partnersSubgraph } from '../../../apps/partners/src/partners.subgraph';
import { salesSubgraph } from '../../../apps/sales/src/sales.subgraph';
import { serviceSubgraph } from '../../../apps/service/src/service.subgraph';

const SUBGRAPH_DEFINITIONS = [salesSubgraph, marketingSubgraph, serviceSubgraph, partnersSubgraph, analyticsSubgraph];

/** Every topic any service creates at start-up (produced, consumed, dead-letter), by name. */
export function declaredTopics(): Map<string, TopicSpec> {
  const topics = new Map<string, TopicSpec>();
  for (const def of SUBGRAPH_DEFINITIONS) {
    for (const t of provisionedTopics(def)) {
      const seen = topics.get(t.name);
      if (!seen || t.partitions > seen.partitions) topics.set(t.name, t);
    }
  }
  return topics;
}
