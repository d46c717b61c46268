import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAnalyticsResolver } from './customer-analytics.resolver';
import { CustomerMetricsEntity } from './customer-metrics.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { TimelineConsumer } from './timeline.consumer';
import { TimelineRepository } from './timeline.repository';
import { TimelineResolver } from './timeline.resolver';
import { TimelineService } from './timeline.service';

@Module({
  imports: [TypeOrmModule.forFeature([TimelineEntryEntity, CustomerMetricsEntity])],
  providers: [TimelineRepository, TimelineService, TimelineConsumer, TimelineResolver, CustomerAnalyticsResolver],
})
export class TimelineModule {}

export const TIMELINE_ENTITIES = [TimelineEntryEntity, CustomerMetricsEntity];
export const TIMELINE_RESOLVERS = [TimelineResolver, CustomerAnalyticsResolver];
