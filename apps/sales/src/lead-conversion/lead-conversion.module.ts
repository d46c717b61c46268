import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { LeadConversionConsumer } from './lead-conversion.consumer';
import { LeadConversionService } from './lead-conversion.service';

/** Sales' side of lead conversion: marketing mints the ids and publishes lead.converted; this creates the records. */
@Module({
  imports: [CustomersModule, OpportunitiesModule],
  providers: [LeadConversionService, LeadConversionConsumer],
})
export class LeadConversionModule {}
