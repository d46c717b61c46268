import { topicSpec, type TopicSpec } from '@crm/contracts';
import { EventConsumerRunner } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SEGMENT_CONTRACTS, SegmentService } from './segment.service';

/** Consumer group (and inbox name) of segments: its own, so a segment fault parks its events alone and a replay rebuilds it alone. */
export const SEGMENTS_GROUP_ID = 'analytics-segments';

export const SEGMENT_TOPICS: TopicSpec[] = [...new Set(SEGMENT_CONTRACTS.map((c) => c.topic))].map((topic) => topicSpec(topic));

@Injectable()
export class SegmentsConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly segments: SegmentService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(SEGMENTS_GROUP_ID, this.segments.handlers());
  }
}
