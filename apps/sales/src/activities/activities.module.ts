import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityEntity } from './activity.entity';
import { ActivityRepository } from './activity.repository';
import { ActivityResolver, CustomerActivitiesResolver } from './activity.resolver';
import { ActivityService } from './activity.service';

@Module({
  imports: [TypeOrmModule.forFeature([ActivityEntity])],
  providers: [ActivityRepository, ActivityService, ActivityResolver, CustomerActivitiesResolver],
})
export class ActivitiesModule {}

export const ACTIVITY_ENTITIES = [ActivityEntity];
export const ACTIVITY_RESOLVERS = [ActivityResolver, CustomerActivitiesResolver];
