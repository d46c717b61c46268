import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'A product the customer has not bought yet, by the strongest association rule from one it has, mined from every won deal’s products. Shares are exact decimals with four places.',
})
export class CrossSellSuggestion {
  @Field(() => ID, { description: 'The product to offer.' })
  productId!: string;

  @Field(() => ID, { description: 'The product the customer has that the rule starts from.' })
  becauseOfProductId!: string;

  @Field({ description: 'Share of won deals holding both products.' })
  support!: string;

  @Field({ description: 'Share of won deals with the product the customer has that also hold the suggested one.' })
  confidence!: string;

  @Field({
    description: 'Confidence over the suggested product’s own share of won deals: above 1, the two sell together more than by chance.',
  })
  lift!: string;
}
