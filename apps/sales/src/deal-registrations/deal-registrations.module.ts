import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { DealRegistrationConsumer } from './deal-registration.consumer';
import { DealRegistrationService } from './deal-registration.service';

/** Sales' side of deal registration: partners approves and publishes; this opens the partner's opportunity. */
@Module({
  imports: [CustomersModule, OpportunitiesModule],
  providers: [DealRegistrationService, DealRegistrationConsumer],
})
export class DealRegistrationsModule {}
