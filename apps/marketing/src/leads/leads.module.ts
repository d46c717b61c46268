import { CustomerReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerLeadsResolver } from './customer-leads.resolver';
import { LeadEntity } from './lead.entity';
import { LeadRepository } from './lead.repository';
import { LeadResolver } from './lead.resolver';
import { LeadService } from './lead.service';

@Module({
  imports: [TypeOrmModule.forFeature([LeadEntity]), CustomerReferencesModule.forRoot({ service: 'marketing' })],
  providers: [LeadRepository, LeadService, LeadResolver, CustomerLeadsResolver],
})
export class LeadsModule {}

export const LEAD_ENTITIES = [LeadEntity];
export const LEAD_RESOLVERS = [LeadResolver, CustomerLeadsResolver];
