import { MoneyInput, UuidInput, TrimmedString } from '@crm/graphql';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, Max, Min, ValidateNested } from 'class-validator';

export const LOYALTY_TIERS_MAX = 10;
export const LOYALTY_POINTS_MAX = 1_000_000;
const DAYS_MAX = 3660;

@InputType()
export class LoyaltyTierInput {
  @Field()
  @TrimmedString({ min: 1, max: 50 })
  name!: string;

  @Field(() => Int, { description: 'Points earned over the rolling period that reach the tier; 0 for an entry tier.' })
  @IsInt({ message: 'threshold must be a whole number' })
  @Min(0, { message: 'threshold must be at least 0' })
  @Max(100_000_000, { message: 'threshold must be at most 100000000' })
  threshold!: number;
}

@InputType({ description: 'The loyalty programme, as a whole: it replaces the one there is.' })
export class SetLoyaltyProgrammeInput {
  @Field()
  @TrimmedString({ min: 1, max: 200 })
  name!: string;

  @Field(() => [LoyaltyTierInput], { description: `1 to ${LOYALTY_TIERS_MAX} tiers, each threshold different.` })
  @ArrayMinSize(1, { message: 'tiers must have at least one tier' })
  @ArrayMaxSize(LOYALTY_TIERS_MAX, { message: `tiers must have at most ${LOYALTY_TIERS_MAX} entries` })
  @ValidateNested({ each: true })
  @Type(() => LoyaltyTierInput)
  tiers!: LoyaltyTierInput[];

  @Field(() => MoneyInput, {
    description: 'One point per this much won revenue (opportunity.won), in its currency; deals in other currencies earn none.',
  })
  @ValidateNested()
  @Type(() => MoneyInput)
  revenuePerPoint!: MoneyInput;

  @Field(() => Int, { description: 'Points for attending an event or webinar campaign.' })
  @IsInt({ message: 'pointsPerAttendance must be a whole number' })
  @Min(0, { message: 'pointsPerAttendance must be at least 0' })
  @Max(LOYALTY_POINTS_MAX, { message: `pointsPerAttendance must be at most ${LOYALTY_POINTS_MAX}` })
  pointsPerAttendance!: number;

  @Field(() => Int, { description: 'Tiers count the points earned over this many days back.' })
  @IsInt({ message: 'tierPeriodDays must be a whole number' })
  @Min(1, { message: 'tierPeriodDays must be at least 1' })
  @Max(DAYS_MAX, { message: `tierPeriodDays must be at most ${DAYS_MAX}` })
  tierPeriodDays!: number;

  @Field(() => Int, { description: 'Points expire this many days after they were earned, oldest first.' })
  @IsInt({ message: 'expiryDays must be a whole number' })
  @Min(1, { message: 'expiryDays must be at least 1' })
  @Max(DAYS_MAX, { message: `expiryDays must be at most ${DAYS_MAX}` })
  expiryDays!: number;
}

@InputType({ description: 'Points awarded to, or redeemed by, a customer by hand.' })
export class LoyaltyPointsInput {
  @Field(() => ID)
  @UuidInput()
  customerId!: string;

  @Field(() => Int)
  @IsInt({ message: 'points must be a whole number' })
  @Min(1, { message: 'points must be at least 1' })
  @Max(LOYALTY_POINTS_MAX, { message: `points must be at most ${LOYALTY_POINTS_MAX}` })
  points!: number;

  @Field()
  @TrimmedString({ min: 1, max: 200 })
  reason!: string;
}
