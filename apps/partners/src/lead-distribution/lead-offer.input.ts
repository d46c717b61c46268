import { ConnectionArgs, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { LeadOfferStatus } from './lead-distribution.enums';

const REASON_MAX = 500;

@InputType()
export class AcceptLeadOfferInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;
}

@InputType()
export class DeclineLeadOfferInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true, description: `Why, for the channel team; up to ${REASON_MAX} characters.` })
  @TrimmedString({ min: 1, max: REASON_MAX, optional: true })
  reason?: string | null;
}

@InputType()
export class ReofferLeadInput {
  @Field(() => ID, { description: 'The lead in marketing, UNASSIGNED here.' })
  @UuidInput()
  leadId!: string;
}

@ArgsType()
export class LeadOffersArgs extends ConnectionArgs {
  @Field(() => LeadOfferStatus, { nullable: true, description: 'Only offers in this status.' })
  @IsOptional()
  @IsEnum(LeadOfferStatus)
  status?: LeadOfferStatus;
}
