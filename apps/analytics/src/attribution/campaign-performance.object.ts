import { Money } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "The pipeline (amounts of opportunities created in the period) and won revenue (their won amounts) credited to a campaign in one currency. A touch is a form submitted for the campaign, a click on its email, or a lead or contact of the customer joining it, at or before the opportunity's creation. First touch credits the earliest, last touch the latest, linear each touch an equal share.",
})
export class CampaignAttribution {
  @Field()
  currency!: string;

  @Field(() => Money)
  firstTouchPipeline!: Money;

  @Field(() => Money)
  lastTouchPipeline!: Money;

  @Field(() => Money, {
    description: 'Rounded to four places per campaign: the campaigns’ shares may differ from the total by the rounding.',
  })
  linearPipeline!: Money;

  @Field(() => Money)
  firstTouchWon!: Money;

  @Field(() => Money)
  lastTouchWon!: Money;

  @Field(() => Money)
  linearWon!: Money;
}

@ObjectType({ description: "A campaign's reach and what it brought in the period." })
export class CampaignResult {
  @Field(() => ID)
  campaignId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Its emails sent in the period.' })
  sends!: number;

  @Field(() => Int, { description: 'Of those, the ones opened at least once.' })
  opens!: number;

  @Field(() => Int, { description: 'Of those, the ones clicked at least once.' })
  clicks!: number;

  @Field(() => Int, { description: 'Distinct leads that submitted its form or joined it in the period.' })
  leads!: number;

  @Field(() => Int, { description: 'Of those leads, the ones that became marketing-qualified.' })
  mqls!: number;

  @Field(() => Int, { description: 'Opportunities created in the period that it touched before their creation.' })
  opportunities!: number;

  @Field(() => [CampaignAttribution], { description: 'Per currency.' })
  attribution!: CampaignAttribution[];
}

@ObjectType()
export class CampaignResults {
  @Field(() => [CampaignResult], { description: 'By name, then id.' })
  campaigns!: CampaignResult[];

  @Field({ description: 'More campaigns exist than were answered.' })
  truncated!: boolean;
}
