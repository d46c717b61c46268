import { IsCalendarDate } from '@crm/graphql';
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsDate, IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PeriodGrain } from '../periods/period';

/** The longest look-back: ten years of closed deals. */
export const MAX_LOOKBACK_DAYS = 3650;

@ArgsType()
export class ForecastArgs {
  @Field(() => PeriodGrain)
  @IsEnum(PeriodGrain, { message: `grain must be one of ${Object.values(PeriodGrain).join(', ')}` })
  grain!: PeriodGrain;

  @Field({ description: 'A day (YYYY-MM-DD) in the period to forecast: deals whose close date falls in that period.' })
  @IsCalendarDate({ message: 'period must be a calendar date, YYYY-MM-DD' })
  period!: string;

  @Field(() => Int, {
    defaultValue: 365,
    description: `Win rates are learned from deals closed in this many days before asOf (1 to ${MAX_LOOKBACK_DAYS}).`,
  })
  @IsInt({ message: 'lookbackDays must be an integer' })
  @Min(1, { message: 'lookbackDays must be at least 1' })
  @Max(MAX_LOOKBACK_DAYS, { message: `lookbackDays must be at most ${MAX_LOOKBACK_DAYS}` })
  lookbackDays!: number;

  @Field({
    defaultValue: '0.7',
    description: 'An open deal counts as committed when the win rate of its stage is at least this (0 to 1).',
  })
  @Matches(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, { message: 'commitThreshold must be a decimal from 0 to 1 with at most 4 places' })
  commitThreshold!: string;

  @Field(() => Date, { nullable: true, description: 'The moment the forecast is made as of; now when left out.' })
  @IsOptional()
  @IsDate({ message: 'asOf must be a date-time' })
  asOf?: Date;
}
