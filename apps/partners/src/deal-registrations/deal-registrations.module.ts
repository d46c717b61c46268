import { ProductReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerMergesModule } from '../customer-merges/customer-merges.module';
import { PartnersModule } from '../partners/partners.module';
import { DealRegistrationExpiryJob } from './deal-registration-expiry.job';
import { DealRegistrationExpiryService } from './deal-registration-expiry.service';
import { DealRegistrationOutcomeService } from './deal-registration-outcome.service';
import { DealRegistrationEntity } from './deal-registration.entity';
import { DealRegistrationRepository } from './deal-registration.repository';
import { DealRegistrationResolver } from './deal-registration.resolver';
import { DealRegistrationService } from './deal-registration.service';
import { OpenOpportunityConsumer } from './open-opportunity.consumer';
import { OpenOpportunityEntity } from './open-opportunity.entity';
import { OpenOpportunityRepository } from './open-opportunity.repository';
import { ProtectedDomainEntity } from './protected-domain.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([DealRegistrationEntity, ProtectedDomainEntity, OpenOpportunityEntity]),
    PartnersModule,
    ProductReferencesModule,
    CustomerMergesModule,
  ],
  providers: [
    DealRegistrationRepository,
    OpenOpportunityRepository,
    DealRegistrationService,
    DealRegistrationExpiryService,
    DealRegistrationExpiryJob,
    DealRegistrationOutcomeService,
    DealRegistrationResolver,
    OpenOpportunityConsumer,
  ],
})
export class DealRegistrationsModule {}

export const DEAL_REGISTRATION_ENTITIES = [DealRegistrationEntity, ProtectedDomainEntity, OpenOpportunityEntity];
