import { CanRead } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { RetentionCohortsArgs } from './retention-cohort.input';
import { RetentionCohort } from './retention-cohort.object';
import { RetentionCohortService } from './retention-cohort.service';

@CanRead('analytics')
@Resolver()
export class RetentionCohortResolver {
  constructor(private readonly retentionCohortService: RetentionCohortService) {}

  @Query(() => [RetentionCohort], {
    description:
      'Retention cohorts: customers by the month of their first won deal, and how many were active in each later month up to to. At most 36 months.',
  })
  retentionCohorts(@Args() args: RetentionCohortsArgs): Promise<RetentionCohort[]> {
    return this.retentionCohortService.triangle(args);
  }
}
