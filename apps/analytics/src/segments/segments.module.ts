import { Module } from '@nestjs/common';
import { CustomerSegmentsResolver, SegmentResolver } from './segment.resolver';
import { SegmentsReadModelModule } from './segments-read-model.module';

/** Segments: the read model and its API. */
@Module({ imports: [SegmentsReadModelModule], providers: [SegmentResolver, CustomerSegmentsResolver] })
export class SegmentsModule {}
