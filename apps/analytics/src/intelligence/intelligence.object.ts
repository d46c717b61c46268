import { Money } from '@crm/graphql';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { RFM_SEGMENTS } from './rfm-segment';

@ObjectType({ description: 'Recency, frequency and monetary quintiles (1 to 5, 5 best) among the customers that bought in the currency.' })
export class RfmScore {
  @Field()
  currency!: string;

  @Field(() => Int)
  recency!: number;

  @Field(() => Int)
  frequency!: number;

  @Field(() => Int)
  monetary!: number;

  @Field({
    description: `The classic segment: ${RFM_SEGMENTS.join(', ')}.`,
  })
  segment!: string;

  @Field()
  lastPurchaseAt!: Date;

  @Field(() => Int)
  purchases!: number;

  @Field(() => Money)
  revenue!: Money;
}

@ObjectType({ description: "What analytics knows of the customer's value, from its won deals." })
export class CustomerIntelligence {
  /** Not a field: the nested resolvers take it. */
  customerId!: string;

  @Field(() => [Money], { description: 'Won revenue to date, one amount per currency (never converted), exact decimals.' })
  lifetimeValue!: Money[];
}
