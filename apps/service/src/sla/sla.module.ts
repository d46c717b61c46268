import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueuesModule } from '../queues/queues.module';
import { BusinessCalendarEntity } from './business-calendar.entity';
import { SlaPolicyEntity } from './sla-policy.entity';
import { SlaWatcherJob } from './sla-watcher.job';
import { SlaRepository } from './sla.repository';
import { SlaResolver } from './sla.resolver';
import { SlaService } from './sla.service';

@Module({
  imports: [TypeOrmModule.forFeature([BusinessCalendarEntity, SlaPolicyEntity]), QueuesModule],
  providers: [SlaRepository, SlaService, SlaResolver, SlaWatcherJob],
  exports: [SlaService],
})
export class SlaModule {}

export const SLA_ENTITIES = [BusinessCalendarEntity, SlaPolicyEntity];
