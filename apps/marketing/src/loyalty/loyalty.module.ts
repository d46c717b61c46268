import { CustomerReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoyaltyAccountEntity } from './loyalty-account.entity';
import { LoyaltyEntryEntity } from './loyalty-entry.entity';
import { LoyaltyExpiryJob } from './loyalty-expiry.job';
import { LoyaltyProgrammeEntity } from './loyalty-programme.entity';
import { LoyaltyConsumer } from './loyalty.consumer';
import { LoyaltyRepository } from './loyalty.repository';
import { LoyaltyResolver } from './loyalty.resolver';
import { LoyaltyService } from './loyalty.service';

export const LOYALTY_ENTITIES = [LoyaltyProgrammeEntity, LoyaltyEntryEntity, LoyaltyAccountEntity];

@Module({
  imports: [TypeOrmModule.forFeature(LOYALTY_ENTITIES), CustomerReferencesModule.forRoot({ service: 'marketing' })],
  providers: [LoyaltyRepository, LoyaltyService, LoyaltyResolver, LoyaltyConsumer, LoyaltyExpiryJob],
})
export class LoyaltyModule {}
