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

/**
 * How the 12-month predicted value is reckoned, said once for the schema and the docs: a run rate
 * from the customer's own last two years (two years, so that one large deal does not make a
 * yearly pattern), discounted by the churn risk, which is itself explained by its reasons.
 */
export const PREDICTED_VALUE_METHOD =
  'Expected won revenue in the next 12 months, per currency: half the revenue won in the last 24 months, ' +
  'times (1 − churn risk score), rounded to 4 decimals. None for a currency without a win in the last 24 months. ' +
  'No seasonality, trend or currency conversion.';
