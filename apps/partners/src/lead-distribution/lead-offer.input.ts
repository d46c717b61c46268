import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { LeadOfferStatus } from './lead-distribution.enums';

const REASON_MAX = 500;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

@InputType()
export class AcceptLeadOfferInput {
  @Field(() => ID)
  @Transform(lower)
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

@InputType()
export class DeclineLeadOfferInput {
  @Field(() => ID)
  @Transform(lower)
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @Field(() => String, { nullable: true, description: `Why, for the channel team; up to ${REASON_MAX} characters.` })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, REASON_MAX, { message: `reason must be 1 to ${REASON_MAX} characters` })
  reason?: string | null;
}

@InputType()
export class ReofferLeadInput {
  @Field(() => ID, { description: 'The lead in marketing, UNASSIGNED here.' })
  @Transform(lower)
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId!: string;
}

@ArgsType()
export class LeadOffersArgs extends ConnectionArgs {
  @Field(() => LeadOfferStatus, { nullable: true, description: 'Only offers in this status.' })
  @IsOptional()
  @IsEnum(LeadOfferStatus)
  status?: LeadOfferStatus;
}
