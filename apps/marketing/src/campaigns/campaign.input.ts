import { ConnectionArgs, IsCalendarDate, IsOptionalNotNull, MoneyInput } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { LeadSource, LeadStatus } from '../leads/lead.enums';
import { PersonInput } from '../people/person.input';
import { CampaignStatus, CampaignType, MemberStatus } from './campaign.enums';
import { lower as lowercased, trim as trimmed } from '@crm/graphql';

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
  @IsOptional()
  @Transform(lowercased)
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string | null;
}

@InputType()
export class CreateCampaignInput extends CampaignDetailsInput {
  @Field()
  @Transform(trimmed)
  @IsString()
  @Length(1, CAMPAIGN_NAME_MAX, { message: `name must be 1 to ${CAMPAIGN_NAME_MAX} characters` })
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
  @Transform(lowercased)
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, CAMPAIGN_NAME_MAX, { message: `name must be 1 to ${CAMPAIGN_NAME_MAX} characters` })
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
  @Transform(lowercased)
  @IsUUID('all', { message: 'campaignId must be a UUID' })
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
  @IsOptional()
  @Transform(lowercased)
  @IsUUID('all', { message: 'segmentId must be a UUID' })
  segmentId?: string;
}

@InputType()
export class SetCampaignMemberStatusInput {
  @Field(() => ID)
  @Transform(lowercased)
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId!: string;

  @Field(() => ID)
  @Transform(lowercased)
  @IsUUID('all', { message: 'personId must be a UUID' })
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
  @Field(() => CampaignFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignFilter)
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
  @Field(() => CampaignMemberFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignMemberFilter)
  filter?: CampaignMemberFilter;
}
