import { CustomerReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerLeadsResolver } from './customer-leads.resolver';
import { LeadEmailEntity, LeadPhoneEntity } from './lead-contact-point.entity';
import { LeadLifecycleService } from './lead-lifecycle.service';
import { LeadStatusChangeEntity } from './lead-status-change.entity';
import { LeadEntity } from './lead.entity';
import { LeadRepository } from './lead.repository';
import { LeadResolver } from './lead.resolver';
import { LeadService } from './lead.service';

export const LEAD_ENTITIES = [LeadEntity, LeadEmailEntity, LeadPhoneEntity, LeadStatusChangeEntity];

@Module({
  imports: [TypeOrmModule.forFeature(LEAD_ENTITIES), CustomerReferencesModule.forRoot({ service: 'marketing' })],
  providers: [LeadRepository, LeadService, LeadLifecycleService, LeadResolver, CustomerLeadsResolver],
  exports: [LeadRepository, LeadService, LeadLifecycleService],
})
export class LeadsModule {}
