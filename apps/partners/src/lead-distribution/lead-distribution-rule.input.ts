import { ConnectionArgs, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, Max, Min } from 'class-validator';
import { PartnerTier } from '../partners/partner.enums';
import { IsTerritory, TERRITORY_MAX, territoryCodes } from '../partners/territory';

const NAME_MAX = 200;
/** Thirty days: an offer left longer is a lead nobody works. */
export const ACCEPT_WITHIN_MAX_SECONDS = 30 * 86_400;
export const CAPACITY_MAX = 10_000;

@InputType()
export class CreateLeadDistributionRuleInput {
  @Field({ description: `1 to ${NAME_MAX} characters.` })
  @TrimmedString({ min: 1, max: NAME_MAX })
  name!: string;

  @Field(() => Int, { description: 'Rules are tried lowest first; 0 to 1000.' })
  @IsInt({ message: 'priority must be a whole number' })
  @Min(0, { message: 'priority must be 0 to 1000' })
  @Max(1000, { message: 'priority must be 0 to 1000' })
  priority!: number;

  @Field(() => [String], {
    defaultValue: [],
    description: `The countries (ISO 3166-1 alpha-2) and regions (EMEA, AMER, APAC, LATAM) whose leads the rule takes, at most ${TERRITORY_MAX}; empty takes every lead.`,
  })
  @Transform(territoryCodes)
  @IsTerritory()
  territory: string[] = [];

  @Field(() => PartnerTier, { defaultValue: PartnerTier.REGISTERED, description: 'Partners of this tier or a higher one.' })
  @IsEnum(PartnerTier)
  minimumTier: PartnerTier = PartnerTier.REGISTERED;

  @Field(() => ID, {
    nullable: true,
    description: 'Only leads interested in this sales product; a product sales does not have is NOT_FOUND on productId.',
  })
  @UuidInput({ optional: true })
  productId?: string | null;

  @Field(() => Int, {
    description: `Leads a partner may hold at once under the rule (pending offers and leads accepted in the last 30 days), 1 to ${CAPACITY_MAX}.`,
  })
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1, { message: `capacity must be 1 to ${CAPACITY_MAX}` })
  @Max(CAPACITY_MAX, { message: `capacity must be 1 to ${CAPACITY_MAX}` })
  capacity!: number;

  @Field(() => Int, {
    description: `Seconds a partner has to accept or decline before the lead moves to the next partner, 1 to ${ACCEPT_WITHIN_MAX_SECONDS} (30 days).`,
  })
  @IsInt({ message: 'acceptWithinSeconds must be a whole number' })
  @Min(1, { message: `acceptWithinSeconds must be 1 to ${ACCEPT_WITHIN_MAX_SECONDS}` })
  @Max(ACCEPT_WITHIN_MAX_SECONDS, { message: `acceptWithinSeconds must be 1 to ${ACCEPT_WITHIN_MAX_SECONDS}` })
  acceptWithinSeconds!: number;
}

@InputType()
export class SetLeadDistributionRuleActiveInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field({ description: 'false stops the rule choosing partners; offers it made stay as they are.' })
  @IsBoolean({ message: 'active must be true or false' })
  active!: boolean;
}

@ArgsType()
export class LeadDistributionRulesArgs extends ConnectionArgs {}
