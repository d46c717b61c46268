import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'The customers whose first deal was won in one month, and how many of them were active in each month since. Active in a month: a deal won, a sales activity logged by a person (not automated, not deleted), a case opened, a form submitted or a campaign email clicked in it.',
})
export class RetentionCohort {
  @Field({ description: 'The first day of the month of the first won deal.' })
  month!: string;

  @Field(() => Int)
  customers!: number;

  @Field(() => [Int], {
    description: 'Active customers in the cohort month (index 0, always all of them) and each month after, up to `to`.',
  })
  active!: number[];

  @Field(() => [String], { description: 'active / customers per month, four places.' })
  retention!: string[];
}
