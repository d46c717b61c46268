import { ChurnRiskRaised, SegmentMemberJoined } from '@crm/contracts';
import { analyticsSubgraph } from '../analytics.subgraph';
import { TIMELINE_GROUP_ID } from './timeline.consumer';
import { TIMELINE_CONTRACTS } from './timeline-summary';

describe('timeline consumer wiring', () => {
  it('provisions exactly the topics of the contracts it consumes, and produces only churn-risk and segment events', () => {
    const wanted = [...new Set(TIMELINE_CONTRACTS.map((c) => c.topic))].sort();
    expect(analyticsSubgraph.consumes.map((t) => t.name).sort()).toEqual(wanted);
    // Analytics reads every topic; it writes the churn-risk alert, which sales acts on, and segment
    // membership, which marketing uses as campaign audiences.
    expect(analyticsSubgraph.produces.map((t) => t.name).sort()).toEqual([ChurnRiskRaised.topic, SegmentMemberJoined.topic].sort());
  });

  it('consumes as the customer 360 group', () => {
    expect(TIMELINE_GROUP_ID).toBe('analytics-customer-360');
  });
});
