import { ProductReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerMergesModule } from '../customer-merges/customer-merges.module';
import { DistributedLeadEntity } from './distributed-lead.entity';
import { LeadDistributionRuleEntity } from './lead-distribution-rule.entity';
import { LeadDistributionRuleRepository } from './lead-distribution-rule.repository';
import { LeadDistributionRuleResolver } from './lead-distribution-rule.resolver';
import { LeadDistributionRuleService } from './lead-distribution-rule.service';
import { LeadDistributionService } from './lead-distribution.service';
import { LeadOfferExpiryJob } from './lead-offer-expiry.job';
import { LeadOfferEntity } from './lead-offer.entity';
import { LeadOfferRepository } from './lead-offer.repository';
import { LeadOfferResolver } from './lead-offer.resolver';
import { LeadRoutingConsumer } from './lead-routing.consumer';

export const LEAD_DISTRIBUTION_ENTITIES = [LeadDistributionRuleEntity, DistributedLeadEntity, LeadOfferEntity];

@Module({
  imports: [TypeOrmModule.forFeature(LEAD_DISTRIBUTION_ENTITIES), ProductReferencesModule, CustomerMergesModule],
  providers: [
    LeadDistributionRuleRepository,
    LeadOfferRepository,
    LeadDistributionRuleService,
    LeadDistributionService,
    LeadDistributionRuleResolver,
    LeadOfferResolver,
    LeadRoutingConsumer,
    LeadOfferExpiryJob,
  ],
})
export class LeadDistributionModule {}

export const LEAD_DISTRIBUTION_RESOLVERS = [LeadOfferResolver, LeadDistributionRuleResolver];
