import { ConnectionArgs, IsCalendarDate, IsOptionalNotNull, MoneyInput, UuidInput, TrimmedString, FilterArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { LeadSource, LeadStatus } from '../leads/lead.enums';
import { PersonInput } from '../people/person.input';
import { CampaignStatus, CampaignType, MemberStatus } from './campaign.enums';
import { lower as lowercased } from '@crm/graphql';

export const CAMPAIGN_NAME_MAX = 200;
/** People named in one call; a larger audience is a lead filter. */
export const MEMBERS_PER_CALL = 1000;
/** Leads one filter adds at most in one call. */
export const FILTER_MEMBERS_MAX = 50_000;

/** The fields a campaign is created with and may change: dates, money and its parent. */
@InputType({ isAbstract: true })
abstract class CampaignDetailsInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not before startDate.' })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string | null;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  budget?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true, description: "In the budget's currency." })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  actualCost?: MoneyInput | null;

  @Field(() => ID, { nullable: true, description: 'The campaign this one is part of.' })
  @UuidInput({ optional: true })
  parentId?: string | null;
}

@InputType()
export class CreateCampaignInput extends CampaignDetailsInput {
  @Field()
  @TrimmedString({ min: 1, max: CAMPAIGN_NAME_MAX })
  name!: string;

  @Field(() => CampaignType)
  @IsEnum(CampaignType)
  type!: CampaignType;

  @Field(() => CampaignStatus, { defaultValue: CampaignStatus.PLANNED })
  @IsEnum(CampaignStatus)
  status: CampaignStatus = CampaignStatus.PLANNED;
}

@InputType({ description: 'What to change; a field left out stays as it is, and null clears an optional one.' })
export class UpdateCampaignInput extends CampaignDetailsInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field({ nullable: true })
  @TrimmedString({ min: 1, max: CAMPAIGN_NAME_MAX, optional: 'not-null' })
  name?: string;

  @Field(() => CampaignStatus, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(CampaignStatus)
  status?: CampaignStatus;
}

@InputType({ description: 'Leads to add by what they are; every condition given must hold.' })
export class CampaignLeadFilter {
  @Field(() => [LeadStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(LeadStatus, { each: true })
  statuses?: LeadStatus[];

  @Field(() => [LeadSource], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(LeadSource, { each: true })
  sources?: LeadSource[];

  @Field(() => String, { nullable: true, description: 'The part of the address after @, e.g. "example.com".' })
  @IsOptional()
  @Transform(lowercased)
  @IsString()
  @Matches(/^[a-z0-9.-]{1,253}$/, { message: 'emailDomain must be a domain name such as example.com' })
  emailDomain?: string;
}

@InputType({
  description: `The audience to add, one of: people by id (at most ${MEMBERS_PER_CALL}), leads by a filter, or an analytics segment's customers' contacts.`,
})
export class AddCampaignMembersInput {
  @Field(() => ID)
  @UuidInput()
  campaignId!: string;

  @Field(() => [PersonInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'people must name at least one person' })
  @ArrayMaxSize(MEMBERS_PER_CALL, { message: `people must name at most ${MEMBERS_PER_CALL}` })
  @ValidateNested({ each: true })
  @Type(() => PersonInput)
  people?: PersonInput[];

  @Field(() => CampaignLeadFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignLeadFilter)
  leadFilter?: CampaignLeadFilter;

  @Field(() => ID, { nullable: true, description: 'An analytics segment: the contacts with an email address of the customers in it now.' })
  @UuidInput({ optional: true })
  segmentId?: string;
}

@InputType()
export class SetCampaignMemberStatusInput {
  @Field(() => ID)
  @UuidInput()
  campaignId!: string;

  @Field(() => ID)
  @UuidInput()
  personId!: string;

  @Field(() => MemberStatus, { description: 'RESPONDED, REGISTERED or ATTENDED: the others follow from sends and links.' })
  @IsEnum(MemberStatus)
  status!: MemberStatus;
}

@InputType()
export class CampaignFilter {
  @Field(() => CampaignType, { nullable: true })
  @IsOptional()
  @IsEnum(CampaignType)
  type?: CampaignType;

  @Field(() => CampaignStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CampaignStatus)
  status?: CampaignStatus;
}

@ArgsType()
export class CampaignsArgs extends ConnectionArgs {
  @FilterArg(() => CampaignFilter)
  filter?: CampaignFilter;
}

@InputType()
export class CampaignMemberFilter {
  @Field(() => MemberStatus, { nullable: true })
  @IsOptional()
  @IsEnum(MemberStatus)
  status?: MemberStatus;
}

@ArgsType()
export class CampaignMembersArgs extends ConnectionArgs {
  @FilterArg(() => CampaignMemberFilter)
  filter?: CampaignMemberFilter;
}
