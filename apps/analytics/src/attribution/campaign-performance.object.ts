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

@ObjectType({
  description:
    "Won revenue credited to a campaign divided by its actual cost, in the cost's currency (won revenue in other currencies is never converted, so it is not counted), exact to four decimal places: 1.5 means each unit spent brought one and a half back in won deals, 0 that it brought none.",
})
export class CampaignRoi {
  @Field()
  currency!: string;

  @Field()
  firstTouch!: string;

  @Field()
  lastTouch!: string;

  @Field()
  linear!: string;
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

  @Field(() => Money, { nullable: true, description: 'Its budget, as marketing last published it; null when not known.' })
  budget!: Money | null;

  @Field(() => Money, { nullable: true, description: 'What it has actually cost, as marketing last published it; null when not known.' })
  actualCost!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description:
      'Its actual cost divided by its leads in the period, to four decimal places; null when the cost is not known or it has no leads.',
  })
  costPerLead!: Money | null;

  @Field(() => CampaignRoi, { nullable: true, description: 'Null when its actual cost is not known or is zero.' })
  roi!: CampaignRoi | null;
}

@ObjectType()
export class CampaignResults {
  @Field(() => [CampaignResult], { description: 'By name, then id.' })
  campaigns!: CampaignResult[];

  @Field({ description: 'More campaigns exist than were answered.' })
  truncated!: boolean;
}
