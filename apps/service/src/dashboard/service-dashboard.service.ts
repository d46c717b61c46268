import type { Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import { CasePriority, priorityRank } from '../cases/case.enums';
import type { ServiceDashboardArgs } from './service-dashboard.input';
import {
  BacklogAge,
  DASHBOARD_PRODUCTS_MAX,
  type CaseBacklog,
  type ServiceDashboard,
  type SlaAttainment,
} from './service-dashboard.object';
import { ServiceDashboardRepository, type BacklogRow } from './service-dashboard.repository';

const SCORES = [1, 2, 3, 4, 5];
const MOST_URGENT_FIRST = Object.values(CasePriority).sort((a, b) => priorityRank(b) - priorityRank(a));

@Injectable()
export class ServiceDashboardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly figures: ServiceDashboardRepository,
  ) {}

  /** Any length of period: every figure is one SQL aggregate, so a long period costs what it scans, never rows in Node. */
  dashboard(caller: Identity, args: ServiceDashboardArgs): Promise<ServiceDashboard> {
    if (args.to < args.from) throw new InvalidError('to', 'to must not be before from');
    const period = { from: args.from, to: args.to };
    return this.uow.run(caller, async (tx) => {
      const backlog = await this.figures.backlog(tx);
      const { sla, products } = await this.figures.opened(tx, period, DASHBOARD_PRODUCTS_MAX);
      const handle = await this.figures.handleTime(tx, period);
      const answers = await this.figures.satisfaction(tx, period);
      const all = answers.find((r) => r.score === null);
      return {
        from: args.from,
        to: args.to,
        // The grouping set of every open case is there even when there are none; its now() is the transaction's.
        asOf: backlog.find((r) => r.dim === 'ALL')!.as_of,
        backlog: toBacklog(backlog),
        firstResponse: attainment(sla.first_response_met, sla.first_response_breached, sla.first_response_running),
        resolution: attainment(sla.resolution_met, sla.resolution_breached, sla.resolution_running),
        handleTime: { resolved: handle.resolved, averageHours: handle.average_hours, medianHours: handle.median_hours },
        satisfaction: {
          answers: all?.count ?? 0,
          average: all?.average ?? null,
          distribution: SCORES.map((score) => ({ score, count: answers.find((r) => r.score === score)?.count ?? 0 })),
        },
        casesByProduct: products.map((r) => ({ productId: r.product_id, opened: r.opened, open: r.open })),
      };
    });
  }
}

function attainment(met: number, breached: number, running: number): SlaAttainment {
  return { met, breached, running, attainment: met + breached ? Math.round((met / (met + breached)) * 10_000) / 10_000 : null };
}

function toBacklog(rows: BacklogRow[]): CaseBacklog {
  const all = rows.find((r) => r.dim === 'ALL');
  const count = (dim: BacklogRow['dim'], match: (r: BacklogRow) => boolean) => rows.find((r) => r.dim === dim && match(r))?.count ?? 0;
  return {
    open: all?.count ?? 0,
    byPriority: MOST_URGENT_FIRST.map((priority) => ({ priority, count: count('PRIORITY', (r) => r.priority === priority) })),
    byQueue: rows.filter((r) => r.dim === 'QUEUE').map((r) => ({ queueId: r.queue_id, queueName: r.queue_name, count: r.count })),
    byAge: Object.values(BacklogAge).map((age) => ({ age, count: count('AGE', (r) => r.age === age) })),
    averageAgeHours: all?.average_age_hours ?? null,
    oldestAgeHours: all?.oldest_age_hours ?? null,
  };
}
