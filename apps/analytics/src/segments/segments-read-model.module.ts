import { Module } from '@nestjs/common';
import { SegmentMembershipService } from './segment-membership.service';
import { SegmentRepository } from './segment.repository';
import { SegmentService } from './segment.service';
import { SegmentsConsumer } from './segments.consumer';

/**
 * Segments as a read model: definitions and memberships from events. The replay builds it with this
 * module alone; churn risk imports it to re-evaluate a customer whose score it changed.
 */
@Module({
  providers: [SegmentRepository, SegmentMembershipService, SegmentService, SegmentsConsumer],
  exports: [SegmentMembershipService, SegmentService],
})
export class SegmentsReadModelModule {}
