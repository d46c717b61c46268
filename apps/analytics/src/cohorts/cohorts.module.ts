import { Module } from '@nestjs/common';
import { RetentionCohortRepository } from './retention-cohort.repository';
import { RetentionCohortResolver } from './retention-cohort.resolver';
import { RetentionCohortService } from './retention-cohort.service';

/** Retention cohorts, computed at query time from the warehouse's won deals and touches. */
@Module({ providers: [RetentionCohortRepository, RetentionCohortService, RetentionCohortResolver] })
export class CohortsModule {}
