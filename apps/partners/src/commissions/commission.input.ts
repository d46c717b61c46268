import { ConnectionArgs, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsOptional, Matches, ValidateNested } from 'class-validator';
import { PartnerTier } from '../partners/partner.enums';
import { CommissionStatus } from './commission.enums';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
export const RATES_PER_PLAN = 100;

@InputType()
export class CommissionRateInput {
  @Field(() => PartnerTier, { nullable: true, description: 'The partner tier it applies to; every tier when left out.' })
  @IsOptional()
  @IsEnum(PartnerTier, { message: 'tier must be a PartnerTier' })
  tier?: PartnerTier | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The sales product it applies to; every product when left out. Unknown to sales: NOT_FOUND.',
  })
  @UuidInput({ optional: true })
  productId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The band: applies to opportunities of at least this amount (in their own currency), "0" when left out.',
  })
  @IsOptional()
  @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'minAmount must be a non-negative decimal with at most 4 decimal places' })
  minAmount?: string | null;

  @Field({ description: 'Percent of the won amount, 0 to 100, at most 4 decimal places, e.g. "7.5".' })
  @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'ratePercent must be a non-negative decimal with at most 4 decimal places' })
  ratePercent!: string;
}

@InputType()
export class CreateCommissionPlanInput {
  @Field({ description: '1 to 200 characters.' })
  @TrimmedString({ min: 1, max: 200 })
  name!: string;

  @Field(() => Date, { nullable: true, description: 'Applies to opportunities won from then on, until a later plan; now when left out.' })
  @IsOptional()
  @IsDate({ message: 'validFrom must be a date-time' })
  validFrom?: Date | null;

  @Field(() => [CommissionRateInput], { description: `1 to ${RATES_PER_PLAN}; the most specific one that applies prices a deal.` })
  @ArrayMinSize(1, { message: 'rates must have at least one rate' })
  @ArrayMaxSize(RATES_PER_PLAN, { message: `rates must have at most ${RATES_PER_PLAN} rates` })
  @ValidateNested({ each: true })
  @Type(() => CommissionRateInput)
  rates!: CommissionRateInput[];
}

@InputType()
export class CommissionIdInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;
}

@InputType()
export class CommissionFilter {
  @Field(() => ID, { nullable: true, description: 'One partner’s (a partner sees only its own whatever this says).' })
  @UuidInput({ optional: true })
  partnerId?: string | null;

  @Field(() => CommissionStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CommissionStatus, { message: 'status must be a CommissionStatus' })
  status?: CommissionStatus | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM: the month the opportunity was won in (UTC).' })
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be a month as YYYY-MM' })
  period?: string | null;
}

@ArgsType()
export class CommissionsArgs extends ConnectionArgs {
  @Field(() => CommissionFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommissionFilter)
  filter?: CommissionFilter | null;
}

@ArgsType()
export class CommissionPlansArgs extends ConnectionArgs {}

@ArgsType()
export class CommissionStatementArgs {
  @Field(() => ID)
  @UuidInput()
  partnerId!: string;

  @Field({ description: 'YYYY-MM: the month the opportunities were won in (UTC).' })
  @Matches(PERIOD, { message: 'period must be a month as YYYY-MM' })
  period!: string;
}
