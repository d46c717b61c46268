import { ContactReferencesModule, CustomerReferencesModule, ProductReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseMessageEntity } from './case-message.entity';
import { CaseRelationEntity } from './case-relation.entity';
import { CustomerTiersModule } from '../customer-tiers/customer-tiers.module';
import { QueuesModule } from '../queues/queues.module';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { SlaModule } from '../sla/sla.module';
import { CaseEntity } from './case.entity';
import { CaseRepository } from './case.repository';
import { CaseResolver } from './case.resolver';
import { CaseService } from './case.service';
import { CustomerCasesResolver } from './customer-cases.resolver';

@Module({
  imports: [
    TypeOrmModule.forFeature([CaseEntity, CaseMessageEntity, CaseRelationEntity]),
    CustomerReferencesModule.forRoot({ service: 'service' }),
    ProductReferencesModule,
    ContactReferencesModule.forRoot({ service: 'service' }),
    QueuesModule,
    SlaModule,
    SatisfactionModule,
    CustomerTiersModule,
  ],
  providers: [CaseRepository, CaseService, CaseResolver, CustomerCasesResolver],
  exports: [CaseService],
})
export class CasesModule {}

export const CASE_ENTITIES = [CaseEntity, CaseMessageEntity, CaseRelationEntity];
