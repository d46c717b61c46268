import { ProductReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueMemberEntity } from './queue-member.entity';
import { QueueEntity } from './queue.entity';
import { QueueRepository } from './queue.repository';
import { QueueResolver } from './queue.resolver';
import { QueueService } from './queue.service';
import { RoutingRuleEntity } from './routing-rule.entity';

@Module({
  imports: [TypeOrmModule.forFeature([QueueEntity, QueueMemberEntity, RoutingRuleEntity]), ProductReferencesModule],
  providers: [QueueRepository, QueueService, QueueResolver],
  exports: [QueueService],
})
export class QueuesModule {}

export const QUEUE_ENTITIES = [QueueEntity, QueueMemberEntity, RoutingRuleEntity];
