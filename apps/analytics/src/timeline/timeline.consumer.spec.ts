import { analyticsSubgraph } from '../analytics.subgraph';
import { TIMELINE_GROUP_ID } from './timeline.consumer';
import { TIMELINE_CONTRACTS } from './timeline-summary';

describe('timeline consumer wiring', () => {
  it('provisions exactly the topics of the contracts it consumes, and produces none', () => {
    const wanted = [...new Set(TIMELINE_CONTRACTS.map((c) => c.topic))].sort();
    expect(analyticsSubgraph.consumes.map((t) => t.name).sort()).toEqual(wanted);
    expect(analyticsSubgraph.produces).toEqual([]);
  });

  it('consumes as the customer 360 group', () => {
    expect(TIMELINE_GROUP_ID).toBe('analytics-customer-360');
  });
});
