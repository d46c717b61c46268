import { Module } from '@nestjs/common';
import { SegmentAudienceConsumer } from './segment-audience.consumer';
import { SegmentAudienceRepository } from './segment-audience.repository';

/** Segments as campaign audiences: the read model; campaigns read it. */
@Module({ providers: [SegmentAudienceRepository, SegmentAudienceConsumer], exports: [SegmentAudienceRepository] })
export class SegmentAudienceModule {}
