import {
  ANALYTICS_SEGMENT_TOPIC,
  ContactAdded,
  ContactDeleted,
  ContactUpdated,
  ContactUpdatedV2,
  CustomerMerged,
  SegmentDefined,
  SegmentDeleted,
  SegmentMemberJoined,
  SegmentMemberLeft,
  Topics,
  topicSpec,
  type TopicSpec,
} from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SegmentAudienceRepository } from './segment-audience.repository';

export const SEGMENT_AUDIENCE_GROUP_ID = 'marketing-segment-audiences';

/** Analytics' segments, sales' contacts, and sales' customers (a merge moves contacts). */
export const SEGMENT_AUDIENCE_TOPICS: TopicSpec[] = [
  topicSpec(ANALYTICS_SEGMENT_TOPIC),
  topicSpec(Topics.salesContact),
  topicSpec(Topics.salesCustomer),
];

/** Keeps the segments, their members and the customers' contacts that campaign audiences are made of. */
@Injectable()
export class SegmentAudienceConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly audiences: SegmentAudienceRepository,
  ) {}

  onModuleInit(): void {
    const a = this.audiences;
    this.runner.subscribe(SEGMENT_AUDIENCE_GROUP_ID, [
      on(SegmentDefined, ({ data }, tx) => a.segmentDefined(tx, data.segmentId, data.name)),
      on(SegmentDeleted, ({ data }, tx) => a.segmentDeleted(tx, data.segmentId)),
      on(SegmentMemberJoined, ({ data }, tx) => a.joined(tx, data.segmentId, data.segmentName, data.customerId)),
      on(SegmentMemberLeft, ({ data }, tx) => a.left(tx, data.segmentId, data.customerId)),
      on(ContactAdded, ({ data }, tx) => a.contact(tx, data, new Date(data.createdAt))),
      on(ContactUpdated, ({ data }, tx) => a.contact(tx, data, new Date(data.updatedAt))),
      on(ContactUpdatedV2, ({ data }, tx) => a.contact(tx, data, new Date(data.updatedAt))),
      on(ContactDeleted, ({ data }, tx) => a.contactDeleted(tx, data.contactId, data.customerId, new Date(data.deletedAt))),
      on(CustomerMerged, ({ data }, tx) => a.contactsMoved(tx, data.moved.contactIds, data.survivorId)),
    ]);
  }
}
