import { MAX_PAGE_SIZE } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { addPeriods, PERIOD_MONTHS, periodSpan, periodStart } from '../periods/period';
import type { ProductIssueRatesArgs } from './product-issue.input';
import type { ProductIssueRates } from './product-issue.object';
import { ProductIssueRepository } from './product-issue.repository';

@Injectable()
export class ProductIssueService {
  constructor(private readonly productIssues: ProductIssueRepository) {}

  async rates(args: ProductIssueRatesArgs): Promise<ProductIssueRates> {
    const periods = periodSpan(args.grain, args.from, args.to, 'to');
    const from = periodStart(args.grain, args.from);
    const limit = args.first ?? MAX_PAGE_SIZE;
    const rows = await this.productIssues.rates({
      grain: args.grain.toLowerCase(),
      months: PERIOD_MONTHS[args.grain],
      since: addPeriods(args.grain, from, -1),
      from,
      until: addPeriods(args.grain, from, periods),
      productIds: args.productIds?.length ? args.productIds : null,
      limit: limit + 1,
    });
    return {
      grain: args.grain,
      rows: rows.slice(0, limit).map((r) => ({
        productId: r.product_id,
        period: r.period,
        cases: r.cases,
        unitsSold: r.units,
        casesPer100Units: r.rate,
        previousCasesPer100Units: r.previous,
        change: r.change,
      })),
      truncated: rows.length > limit,
    };
  }
}
