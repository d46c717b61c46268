import { LEAD_ROUTING_REGIONS } from '@crm/contracts';
import { UuidInput, TrimmedString, UuidList } from '@crm/graphql';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { upper } from '../common/input-transforms';
import { LeadSource } from '../leads/lead.enums';

export const ROUTING_LIST_MAX = 50;
/** Rules are read and locked on every routed lead: a cap keeps that read small. */
export const ROUTING_RULES_MAX = 200;

@InputType('CreateLeadRoutingRuleInput', {
  description:
    'An assignment rule: conditions (empty holds for any lead) and who gets the lead: one of ownerIds (round-robin), teamId (round-robin over its active members) or toPartners (the partner channel).',
})
export class CreateRoutingRuleInput {
  @Field()
  @TrimmedString({ min: 1, max: 200 })
  name!: string;

  @Field(() => Int, { description: 'Rules are tried from the lowest position; ties by creation.' })
  @IsInt({ message: 'position must be a whole number' })
  @Min(0, { message: 'position must be at least 0' })
  @Max(10_000, { message: 'position must be at most 10000' })
  position!: number;

  @Field(() => [String], { defaultValue: [], description: 'ISO 3166-1 alpha-2 codes: the territory.' })
  @ArrayMaxSize(ROUTING_LIST_MAX, { message: `countries must have at most ${ROUTING_LIST_MAX} entries` })
  @IsString({ each: true })
  countries: string[] = [];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(ROUTING_LIST_MAX, { message: `industries must have at most ${ROUTING_LIST_MAX} entries` })
  @IsString({ each: true })
  @Length(1, 100, { each: true, message: 'each of industries must be 1 to 100 characters' })
  industries: string[] = [];

  @Field(() => [LeadSource], { defaultValue: [] })
  @ArrayMaxSize(ROUTING_LIST_MAX, { message: `sources must have at most ${ROUTING_LIST_MAX} entries` })
  @IsEnum(LeadSource, { each: true, message: 'each of sources must be a LeadSource' })
  sources: LeadSource[] = [];

  @Field(() => [ID], { defaultValue: [], description: 'Users (sales user ids) the rule takes turns over.' })
  @UuidList({ max: ROUTING_LIST_MAX })
  ownerIds: string[] = [];

  @Field(() => ID, { nullable: true, description: 'A sales team: the rule takes turns over its active members.' })
  @UuidInput({ optional: true })
  teamId?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Hands the lead to partners' distribution, which offers it to one partner at a time, instead of giving it an owner.",
  })
  @IsBoolean({ message: 'toPartners must be true or false' })
  toPartners = false;

  @Field(() => String, {
    nullable: true,
    description: `With toPartners: the sales region (${LEAD_ROUTING_REGIONS.join(', ')}) partners match a lead without a country by. A rule without one passes over such a lead.`,
  })
  @IsOptional()
  @Transform(upper)
  @IsIn(LEAD_ROUTING_REGIONS, { message: `partnerRegion must be one of ${LEAD_ROUTING_REGIONS.join(', ')}` })
  partnerRegion?: (typeof LEAD_ROUTING_REGIONS)[number] | null;

  @Field(() => Boolean, { defaultValue: true })
  @IsBoolean({ message: 'active must be true or false' })
  active = true;
}

@InputType('UpdateLeadRoutingRuleInput', {
  description: 'Replaces a rule: its conditions, who gets the leads, its position and whether it is active. Its turn count stays.',
})
export class UpdateRoutingRuleInput extends CreateRoutingRuleInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;
}

@InputType('ReorderLeadRoutingRulesInput', { description: 'Every rule, each once, in the order they are to be tried.' })
export class ReorderRoutingRulesInput {
  @Field(() => [ID])
  @UuidList({ min: 1, max: ROUTING_RULES_MAX })
  ids!: string[];
}
