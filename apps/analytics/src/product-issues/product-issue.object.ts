import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PeriodGrain } from '../periods/period';

@ObjectType({ description: "One product's cases against the units of it sold in one period. Rates are exact decimals with four places." })
export class ProductIssueRate {
  @Field(() => ID)
  productId!: string;

  @Field({ description: 'The first day of the period (YYYY-MM-DD).' })
  period!: string;

  @Field(() => Int, { description: 'Cases about the product opened in the period.' })
  cases!: number;

  @Field({ description: 'Units of the product on deals won in the period (their lines as they stood at the close).' })
  unitsSold!: string;

  @Field(() => String, { nullable: true, description: 'Cases per 100 units sold; null when none were sold.' })
  casesPer100Units!: string | null;

  @Field(() => String, { nullable: true, description: 'The same rate in the period before.' })
  previousCasesPer100Units!: string | null;

  @Field(() => String, { nullable: true, description: 'The trend: this rate minus the previous; null when either is.' })
  change!: string | null;
}

@ObjectType()
export class ProductIssueRates {
  @Field(() => PeriodGrain)
  grain!: PeriodGrain;

  @Field(() => [ProductIssueRate], { description: 'By product, then period.' })
  rows!: ProductIssueRate[];

  @Field({ description: 'More rows exist than were answered: name fewer products or periods.' })
  truncated!: boolean;
}
