import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadsModule } from '../leads/leads.module';
import { LeadAcceptanceConsumer } from './lead-acceptance.consumer';
import { LeadDistributionResolver } from './lead-distribution.resolver';
import { LeadDistributionService } from './lead-distribution.service';
import { PartnerLeadEntity } from './partner-lead.entity';
import { PartnerLeadRepository } from './partner-lead.repository';

export const LEAD_DISTRIBUTION_ENTITIES = [PartnerLeadEntity];

@Module({
  imports: [TypeOrmModule.forFeature(LEAD_DISTRIBUTION_ENTITIES), LeadsModule],
  providers: [PartnerLeadRepository, LeadDistributionService, LeadDistributionResolver, LeadAcceptanceConsumer],
  // Routing rules hand leads to the partner channel through it.
  exports: [LeadDistributionService],
})
export class LeadDistributionModule {}

export const LEAD_DISTRIBUTION_RESOLVERS = [LeadDistributionResolver];
