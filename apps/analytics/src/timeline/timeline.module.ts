import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAnalyticsResolver } from './customer-analytics.resolver';
import { CustomerAliasEntity } from './customer-alias.entity';
import { CustomerMetricsEntity } from './customer-metrics.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { TimelineConsumer } from './timeline.consumer';
import { TimelineRepository } from './timeline.repository';
import { TimelineResolver } from './timeline.resolver';
import { TimelineService } from './timeline.service';

@Module({
  imports: [TypeOrmModule.forFeature([TimelineEntryEntity, CustomerMetricsEntity, CustomerAliasEntity])],
  providers: [TimelineRepository, TimelineService, TimelineConsumer, TimelineResolver, CustomerAnalyticsResolver],
})
export class TimelineModule {}

export const TIMELINE_ENTITIES = [TimelineEntryEntity, CustomerMetricsEntity, CustomerAliasEntity];
