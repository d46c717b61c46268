import { OwnerFieldResolver } from '../users/owner-field.resolver';
import { UsersModule } from '../users/users.module';
import { Opportunity } from './opportunity.object';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerEntity } from '../customers/customer.entity';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { CustomerOpportunitiesResolver } from './customer-opportunities.resolver';
import { LocalDateScalar } from './local-date.scalar';
import { CustomersModule } from '../customers/customers.module';
import { ProductsModule } from '../products/products.module';
import { OpportunityContactEntity } from './opportunity-contact.entity';
import { OpportunityLineEntity } from './opportunity-line.entity';
import { OpportunityLineResolver } from './opportunity-line.resolver';
import { OpportunityLineService } from './opportunity-line.service';
import { OpportunityPartiesRepository } from './opportunity-parties.repository';
import { OpportunityStageChangeEntity } from './opportunity-stage-change.entity';
import { OpportunityStageService } from './opportunity-stage.service';
import { OpportunityEntity } from './opportunity.entity';
import { OpportunityRepository } from './opportunity.repository';
import { OpportunityConnectionResolver, OpportunityResolver, OpportunityStageChangeResolver } from './opportunity.resolver';
import { OpportunityService } from './opportunity.service';

const OpportunityOwnerResolver = OwnerFieldResolver(Opportunity);

@Module({
  imports: [
    TypeOrmModule.forFeature([
      OpportunityEntity,
      OpportunityContactEntity,
      OpportunityStageChangeEntity,
      OpportunityLineEntity,
      CustomerEntity,
    ]),
    PipelinesModule,
    ProductsModule,
    CustomersModule,
    UsersModule,
  ],
  providers: [
    OpportunityRepository,
    OpportunityPartiesRepository,
    OpportunityService,
    OpportunityStageService,
    OpportunityLineService,
    OpportunityResolver,
    OpportunityLineResolver,
    OpportunityConnectionResolver,
    OpportunityStageChangeResolver,
    CustomerOpportunitiesResolver,
    OpportunityOwnerResolver,
    LocalDateScalar,
  ],
  // OpportunityService: for quotes, and for the consumers (lead conversion, deal registration) and customer merge to come.
  exports: [OpportunityService, OpportunityLineService],
})
export class OpportunitiesModule {}

export const OPPORTUNITY_ENTITIES = [OpportunityEntity, OpportunityContactEntity, OpportunityStageChangeEntity, OpportunityLineEntity];
