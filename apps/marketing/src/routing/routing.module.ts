import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadDistributionModule } from '../lead-distribution/lead-distribution.module';
import { LeadsModule } from '../leads/leads.module';
import { RoutingRuleEntity } from './routing-rule.entity';
import { RoutingConsumer } from './routing.consumer';
import { RoutingRepository } from './routing.repository';
import { RoutingResolver } from './routing.resolver';
import { RoutingService } from './routing.service';
import { SalesTeamMemberEntity } from './sales-team-member.entity';
import { SalesTeamEntity } from './sales-team.entity';
import { SalesUserEntity } from './sales-user.entity';

export const ROUTING_ENTITIES = [RoutingRuleEntity, SalesUserEntity, SalesTeamEntity, SalesTeamMemberEntity];
export const ROUTING_RESOLVERS = [RoutingResolver];

@Module({
  imports: [TypeOrmModule.forFeature(ROUTING_ENTITIES), LeadsModule, LeadDistributionModule],
  providers: [RoutingRepository, RoutingService, RoutingResolver, RoutingConsumer],
})
export class RoutingModule {}
