import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerTierConsumer } from './customer-tier.consumer';
import { CustomerTierEntity } from './customer-tier.entity';
import { CustomerTierRepository } from './customer-tier.repository';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerTierEntity])],
  providers: [CustomerTierRepository, CustomerTierConsumer],
  exports: [CustomerTierRepository],
})
export class CustomerTiersModule {}

export const CUSTOMER_TIER_ENTITIES = [CustomerTierEntity];
