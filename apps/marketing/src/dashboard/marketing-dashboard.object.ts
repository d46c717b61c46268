import { Money } from '@crm/graphql';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CampaignType } from '../campaigns/campaign.enums';
import { LeadSource, LeadStatus } from '../leads/lead.enums';

@ObjectType({ description: 'Leads captured in the period, by the status they are in now.' })
export class LeadStatusCount {
  @Field(() => LeadStatus)
  status!: LeadStatus;

  @Field(() => Int)
  leads!: number;
}

@ObjectType({
  description:
    'The leads captured in the period and how far they came, whenever they got there. Rates are shares (0 to 1), null when there is nothing to divide by.',
})
export class LeadConversionFigures {
  @Field(() => Int)
  leads!: number;

  @Field(() => Int, { description: 'Reached QUALIFIED (by hand or by score) or were converted.' })
  qualified!: number;

  @Field(() => Int, { description: 'Became customers (CONVERTED).' })
  converted!: number;

  @Field(() => Int, { description: 'Crossed the score threshold: marketing-qualified leads.' })
  marketingQualified!: number;

  @Field(() => Float, { nullable: true, description: 'qualified / leads.' })
  qualifiedRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'converted / qualified.' })
  qualifiedToCustomerRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'converted / leads.' })
  conversionRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'marketingQualified / leads.' })
  mqlRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean hours from capture to marketing-qualified, of those that got there.' })
  averageHoursToMql!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean hours from capture to conversion, of those converted.' })
  averageHoursToConvert!: number | null;
}

@ObjectType({ description: 'The leads of one source captured in the period, and how far they came.' })
export class LeadSourcePerformance {
  @Field(() => LeadSource)
  source!: LeadSource;

  @Field(() => Int)
  leads!: number;

  @Field(() => Int)
  qualified!: number;

  @Field(() => Int)
  converted!: number;

  @Field(() => Int)
  marketingQualified!: number;

  @Field(() => Float, { description: 'converted / leads.' })
  conversionRate!: number;
}

@ObjectType({ description: "A campaign's leads and email in the period; only campaigns with any." })
export class CampaignPerformance {
  @Field(() => ID)
  campaignId!: string;

  @Field()
  name!: string;

  @Field(() => CampaignType)
  type!: CampaignType;

  @Field(() => Int, { description: 'Leads the campaign brought, captured in the period.' })
  leads!: number;

  @Field(() => Int, { description: 'Of those, converted.' })
  converted!: number;

  @Field(() => Money, { nullable: true })
  actualCost!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description: 'Actual cost over every lead the campaign ever brought; null without a cost or a lead.',
  })
  costPerLead!: Money | null;

  @Field(() => Int, { description: 'Messages sent in the period.' })
  sends!: number;

  @Field(() => Int, { description: 'Messages whose latest open fell in the period.' })
  opens!: number;

  @Field(() => Int, { description: 'Messages whose latest click fell in the period.' })
  clicks!: number;

  @Field(() => Int, { description: 'Members who unsubscribed in the period.' })
  unsubscribes!: number;
}

@ObjectType({ description: 'Marketing figures over a period, each group from one SQL statement.' })
export class MarketingDashboard {
  @Field()
  from!: string;

  @Field()
  to!: string;

  @Field(() => [LeadStatusCount], { description: 'Every status, in funnel order, zero included.' })
  funnel!: LeadStatusCount[];

  @Field(() => LeadConversionFigures)
  conversion!: LeadConversionFigures;

  @Field(() => [LeadSourcePerformance], { description: 'Sources with leads in the period, most leads first.' })
  sources!: LeadSourcePerformance[];

  @Field(() => [CampaignPerformance], { description: 'At most 50 campaigns with leads or email in the period, most sends first.' })
  campaigns!: CampaignPerformance[];
}
