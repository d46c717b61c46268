import { CustomerMerged, topicSpec, type TopicSpec } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TIMELINE_CONTRACTS } from './timeline-summary';
import { TimelineService } from './timeline.service';

/** Consumer group (and inbox name) of the customer 360 read models: timeline and metrics. */
export const TIMELINE_GROUP_ID = 'analytics-customer-360';

/** The topics of every contract in TIMELINE_CONTRACTS, provisioned at boot so the consumer never waits on a producer's first start. */
export const TIMELINE_TOPICS: TopicSpec[] = [...new Set(TIMELINE_CONTRACTS.map((c) => c.topic))].map((topic) => topicSpec(topic));

/** Builds the timeline and the customer metrics from events only; the runner's inbox makes redelivery a no-op. */
@Injectable()
export class TimelineConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly timeline: TimelineService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(
      TIMELINE_GROUP_ID,
      TIMELINE_CONTRACTS.map((contract) =>
        contract === CustomerMerged
          ? on(CustomerMerged, (event, tx, chunk) => this.timeline.applyMerge(event, tx, chunk))
          : on(contract, (event, tx, chunk) => this.timeline.apply(event, tx, chunk)),
      ),
    );
  }
}
