import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { CasePriority } from '../cases/case.enums';
import { UuidInput, TrimmedString } from '@crm/graphql';
import { CustomerTierCondition } from '../customer-tiers/customer-tier.input';
import { HOLIDAYS_MAX, HOURS_MAX } from './business-hours';

/** A year of business minutes: a target beyond that is a typo. */
export const TARGET_MAX_MINUTES = 525_600;

@InputType()
export class WorkingHoursInput {
  @Field({ description: 'HH:MM, local time.' })
  @IsString()
  @Length(1, 5, { message: 'start must be HH:MM' })
  start!: string;

  @Field({ description: 'HH:MM, local time, after start (24:00 allowed).' })
  @IsString()
  @Length(1, 5, { message: 'end must be HH:MM' })
  end!: string;
}

@InputType()
export class CreateBusinessCalendarInput {
  @Field()
  @TrimmedString({ min: 1, max: 100 })
  name!: string;

  @Field({ description: 'An IANA time zone, e.g. Europe/Berlin.' })
  @IsString()
  @Length(1, 64, { message: 'timeZone must be 1 to 64 characters' })
  timeZone!: string;

  @Field(() => [Int], { description: 'ISO weekdays: 1 = Monday ... 7 = Sunday.' })
  @IsArray()
  @ArrayMaxSize(7, { message: 'workingDays must list at most 7' })
  @IsInt({ each: true, message: 'workingDays must be integers 1 to 7' })
  workingDays!: number[];

  @Field(() => [WorkingHoursInput], { description: `The same on every working day; intervals must not overlap. At most ${HOURS_MAX}.` })
  @IsArray()
  @ArrayMaxSize(HOURS_MAX, { message: `hours must list at most ${HOURS_MAX}` })
  @ValidateNested({ each: true })
  @Type(() => WorkingHoursInput)
  hours!: WorkingHoursInput[];

  @Field(() => [String], { defaultValue: [], description: `Local dates YYYY-MM-DD on which the clock stops; at most ${HOLIDAYS_MAX}.` })
  @IsArray()
  @ArrayMaxSize(HOLIDAYS_MAX, { message: `holidays must list at most ${HOLIDAYS_MAX}` })
  @IsString({ each: true })
  holidays: string[] = [];
}

@InputType()
export class SetSlaPolicyInput {
  @Field(() => CasePriority)
  @IsEnum(CasePriority)
  priority!: CasePriority;

  @CustomerTierCondition(
    "The targets of this priority's cases of customers of this tier (1 the top); null: of every tier without a policy of its own.",
  )
  customerTier?: number | null;

  @Field(() => ID)
  @UuidInput()
  calendarId!: string;

  @Field(() => Int, { description: 'Business minutes to the first reply to the customer; at least 1.' })
  @IsInt({ message: 'firstResponseMinutes must be a whole number of minutes' })
  @Min(1, { message: 'firstResponseMinutes must be at least 1' })
  @Max(TARGET_MAX_MINUTES, { message: `firstResponseMinutes must be at most ${TARGET_MAX_MINUTES}` })
  firstResponseMinutes!: number;

  @Field(() => Int, { description: 'Business minutes to resolution; at least 1.' })
  @IsInt({ message: 'resolutionMinutes must be a whole number of minutes' })
  @Min(1, { message: 'resolutionMinutes must be at least 1' })
  @Max(TARGET_MAX_MINUTES, { message: `resolutionMinutes must be at most ${TARGET_MAX_MINUTES}` })
  resolutionMinutes!: number;

  @Field(() => ID, { nullable: true, description: 'Where a breached case is re-queued; null leaves it where it is.' })
  @UuidInput({ optional: true })
  escalationQueueId?: string | null;
}
