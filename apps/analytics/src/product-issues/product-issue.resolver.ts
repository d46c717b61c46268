import { CanRead } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ProductIssueRatesArgs } from './product-issue.input';
import { ProductIssueRates } from './product-issue.object';
import { ProductIssueService } from './product-issue.service';

@CanRead('analytics')
@Resolver()
export class ProductIssueResolver {
  constructor(private readonly productIssueService: ProductIssueService) {}

  @Query(() => ProductIssueRates, {
    description: `Cases per product per 100 units sold (won deals' lines), by period, with the change from the period before. At most 36 periods.`,
  })
  productIssueRates(@Args() args: ProductIssueRatesArgs): Promise<ProductIssueRates> {
    return this.productIssueService.rates(args);
  }
}
