import { Injectable } from '@nestjs/common';
import { PeriodGrain, periodSpan, periodStart } from '../periods/period';
import type { RetentionCohortsArgs } from './retention-cohort.input';
import type { RetentionCohort } from './retention-cohort.object';
import { RetentionCohortRepository } from './retention-cohort.repository';

@Injectable()
export class RetentionCohortService {
  constructor(private readonly cohorts: RetentionCohortRepository) {}

  /** The triangle: one cohort per month with a first win, each followed month by month up to `to`. */
  async triangle(args: RetentionCohortsArgs): Promise<RetentionCohort[]> {
    periodSpan(PeriodGrain.MONTH, args.from, args.to, 'to');
    const cells = await this.cohorts.cells(periodStart(PeriodGrain.MONTH, args.from), periodStart(PeriodGrain.MONTH, args.to));
    const byMonth = new Map<string, RetentionCohort>();
    for (const c of cells) {
      const cohort = byMonth.get(c.month) ?? { month: c.month, customers: c.customers, active: [], retention: [] };
      cohort.active[c.month_index] = c.active;
      cohort.retention[c.month_index] = c.retention;
      byMonth.set(c.month, cohort);
    }
    return [...byMonth.values()];
  }
}
