import { Money } from '@crm/graphql';
import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An account and every account below it in the hierarchy, added up in one currency.' })
export class AccountRollup {
  @Field({ description: 'ISO 4217: only opportunities in this currency count.' })
  currency!: string;

  @Field(() => Int, { description: 'This account and its sub-accounts, at every level.' })
  accounts!: number;

  @Field(() => Int)
  openCount!: number;

  @Field(() => Money, { description: 'The amount of the open opportunities.' })
  openPipeline!: Money;

  @Field(() => Int)
  wonCount!: number;

  @Field(() => Money, { description: 'The amount of the won opportunities.' })
  wonRevenue!: Money;
}
