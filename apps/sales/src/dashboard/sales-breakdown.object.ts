import { Money } from '@crm/graphql';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Deals of one period and one owner, team, account or product: the closed ones and the open pipeline.' })
export class SalesBreakdownRow {
  @Field({ description: '"2017", "2017-Q1", "2017-03", or "all" for all time.' })
  period!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The owner, team, account or product id; null for deals without an owner (or team), or with `by: NONE`.',
  })
  key!: string | null;

  @Field(() => String, { nullable: true, description: "The owner's, team's, account's or product's name." })
  label!: string | null;

  @Field(() => Int)
  wonCount!: number;

  @Field(() => Int)
  lostCount!: number;

  @Field(() => Float, { nullable: true, description: 'Won / (won + lost), 0 to 1.' })
  winRate!: number | null;

  @Field(() => Money, { description: "The won deals' amounts; by product, the net of that product's lines on them." })
  wonAmount!: Money;

  @Field(() => String, { nullable: true, description: 'By product: the units sold on won deals (decimal string).' })
  unitsWon!: string | null;

  @Field(() => Float, { nullable: true, description: 'Average days from created to won.' })
  averageSalesCycleDays!: number | null;

  @Field(() => Int, { description: 'Open deals expected to close in the period.' })
  openCount!: number;

  @Field(() => Money, { description: "The open deals' amounts (by product, the net of that product's lines on them): the pipeline." })
  openAmount!: Money;
}

@ObjectType()
export class SalesBreakdown {
  @Field(() => [SalesBreakdownRow], { description: 'By period, then by won amount, largest first.' })
  rows!: SalesBreakdownRow[];

  @Field({ description: 'Whether there were more groups than the rows answered (narrow the period or the dimension).' })
  truncated!: boolean;
}
