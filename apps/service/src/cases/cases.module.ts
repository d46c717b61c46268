import { CustomerReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEntity } from './case.entity';
import { CaseRepository } from './case.repository';
import { CaseResolver } from './case.resolver';
import { CaseService } from './case.service';
import { CustomerCasesResolver } from './customer-cases.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([CaseEntity]), CustomerReferencesModule.forRoot({ service: 'service' })],
  providers: [CaseRepository, CaseService, CaseResolver, CustomerCasesResolver],
})
export class CasesModule {}

export const CASE_ENTITIES = [CaseEntity];
export const CASE_RESOLVERS = [CaseResolver, CustomerCasesResolver];
