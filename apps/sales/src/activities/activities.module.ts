import { OwnerFieldResolver } from '../users/owner-field.resolver';
import { UsersModule } from '../users/users.module';
import { Activity } from './activity.object';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityEntity } from './activity.entity';
import { ActivityRepository } from './activity.repository';
import {
  ActivityResolver,
  ContactActivitiesResolver,
  CustomerActivitiesResolver,
  OpportunityActivitiesResolver,
} from './activity.resolver';
import { ActivityService } from './activity.service';
import { LeadFollowUpConsumer } from './lead-follow-up.consumer';
import { LeadFollowUpService } from './lead-follow-up.service';
import { CustomersModule } from '../customers/customers.module';
import { RetentionTaskConsumer } from './retention-task.consumer';
import { RetentionTaskService } from './retention-task.service';
import { StaleCustomerFollowUpJob } from './stale-customer-follow-up.job';
import { StaleCustomerFollowUpService } from './stale-customer-follow-up.service';

const ActivityOwnerResolver = OwnerFieldResolver(Activity);

@Module({
  imports: [TypeOrmModule.forFeature([ActivityEntity]), UsersModule, CustomersModule],
  providers: [
    ActivityRepository,
    ActivityService,
    ActivityResolver,
    CustomerActivitiesResolver,
    ContactActivitiesResolver,
    OpportunityActivitiesResolver,
    ActivityOwnerResolver,
    StaleCustomerFollowUpService,
    StaleCustomerFollowUpJob,
    LeadFollowUpService,
    LeadFollowUpConsumer,
    RetentionTaskService,
    RetentionTaskConsumer,
  ],
  // ActivityService.reassignCustomer: for mergeCustomers.
  exports: [ActivityService],
})
export class ActivitiesModule {}

export const ACTIVITY_ENTITIES = [ActivityEntity];
