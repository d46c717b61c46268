import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerEntity } from '../customers/customer.entity';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { CustomerOpportunitiesResolver } from './customer-opportunities.resolver';
import { LocalDateScalar } from './local-date.scalar';
import { OpportunityContactEntity } from './opportunity-contact.entity';
import { OpportunityPartiesRepository } from './opportunity-parties.repository';
import { OpportunityStageChangeEntity } from './opportunity-stage-change.entity';
import { OpportunityStageService } from './opportunity-stage.service';
import { OpportunityEntity } from './opportunity.entity';
import { OpportunityRepository } from './opportunity.repository';
import { OpportunityConnectionResolver, OpportunityResolver, OpportunityStageChangeResolver } from './opportunity.resolver';
import { OpportunityService } from './opportunity.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([OpportunityEntity, OpportunityContactEntity, OpportunityStageChangeEntity, CustomerEntity]),
    PipelinesModule,
  ],
  providers: [
    OpportunityRepository,
    OpportunityPartiesRepository,
    OpportunityService,
    OpportunityStageService,
    OpportunityResolver,
    OpportunityConnectionResolver,
    OpportunityStageChangeResolver,
    CustomerOpportunitiesResolver,
    LocalDateScalar,
  ],
  // OpportunityService: for quotes, and for the consumers (lead conversion, deal registration) and customer merge to come.
  exports: [OpportunityService],
})
export class OpportunitiesModule {}

export const OPPORTUNITY_ENTITIES = [OpportunityEntity, OpportunityContactEntity, OpportunityStageChangeEntity];
/** What the schema is built from: the resolvers and the `Date` scalar. */
export const OPPORTUNITY_RESOLVERS = [
  OpportunityResolver,
  OpportunityConnectionResolver,
  OpportunityStageChangeResolver,
  CustomerOpportunitiesResolver,
  LocalDateScalar,
];
