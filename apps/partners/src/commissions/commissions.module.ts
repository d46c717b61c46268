import { ProductReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerMergesModule } from '../customer-merges/customer-merges.module';
import { CommissionPlanEntity } from './commission-plan.entity';
import { CommissionPlanRepository } from './commission-plan.repository';
import { CommissionPlanResolver } from './commission-plan.resolver';
import { CommissionPlanService } from './commission-plan.service';
import { CommissionRateEntity } from './commission-rate.entity';
import { CommissionConsumer } from './commission.consumer';
import { CommissionEntity } from './commission.entity';
import { CommissionRepository } from './commission.repository';
import { CommissionResolver } from './commission.resolver';
import { CommissionService } from './commission.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([CommissionPlanEntity, CommissionRateEntity, CommissionEntity]),
    ProductReferencesModule,
    CustomerMergesModule,
  ],
  providers: [
    CommissionPlanRepository,
    CommissionRepository,
    CommissionPlanService,
    CommissionService,
    CommissionPlanResolver,
    CommissionResolver,
    CommissionConsumer,
  ],
})
export class CommissionsModule {}

export const COMMISSION_ENTITIES = [CommissionPlanEntity, CommissionRateEntity, CommissionEntity];
