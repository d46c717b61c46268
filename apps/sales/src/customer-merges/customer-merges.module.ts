import { ActivitiesModule } from '../activities/activities.module';
import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { CustomerMergeResolver } from './customer-merge.resolver';
import { CustomerMergeService } from './customer-merge.service';

/**
 * mergeCustomers: moves what belongs to the merged customer (contacts, opportunities) to the
 * survivor. Its audit rows live in customers/ (CustomerMergeEntity), which reads them to refuse
 * restoring a merged customer and to route late events to the survivor.
 */
@Module({
  imports: [CustomersModule, OpportunitiesModule, ActivitiesModule],
  providers: [CustomerMergeService, CustomerMergeResolver],
})
export class CustomerMergesModule {}
