import { OwnedBy, OwnedByField } from '../users/owned-by';
import { ConnectionArgs, IsOptionalNotNull, UuidInput, TrimmedString, FilterArg, SortArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { OccurredAtField } from '../history/occurred-at.input';
import { ActivitySort, ActivityType } from './activity.enums';

@InputType({ description: 'At least one of customerId, contactId and opportunityId; those given must be of the same customer.' })
export class LogActivityInput {
  @Field(() => ActivityType)
  @IsEnum(ActivityType)
  type!: ActivityType;

  @Field()
  @TrimmedString({ min: 1, max: 200 })
  subject!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 10_000, { message: 'notes must be at most 10000 characters' })
  notes?: string | null;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  customerId?: string | null;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  contactId?: string | null;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  opportunityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The user it is assigned to; the caller when not given.' })
  @UuidInput({ optional: true })
  ownerId?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: 'dueAt must be a date-time such as 2026-01-31T09:00:00Z' })
  dueAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Not after dueAt.' })
  @IsOptional()
  @IsDate({ message: 'remindAt must be a date-time such as 2026-01-31T09:00:00Z' })
  remindAt?: Date | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Logs something already done (a call that took place): completed by the caller, now.',
  })
  @IsBoolean()
  completed = false;

  @OccurredAtField('the activity was logged (and done, with `completed`)')
  occurredAt?: Date | null;
}

@InputType({ description: 'Changes the given fields; null clears an optional one. The targets cannot change.' })
export class UpdateActivityInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => ActivityType, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(ActivityType)
  type?: ActivityType;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: 200, optional: 'not-null' })
  subject?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 10_000, { message: 'notes must be at most 10000 characters' })
  notes?: string | null;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  ownerId?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: 'dueAt must be a date-time such as 2026-01-31T09:00:00Z' })
  dueAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: 'remindAt must be a date-time such as 2026-01-31T09:00:00Z' })
  remindAt?: Date | null;
}

@InputType()
export class ActivityFilter {
  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  customerId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  contactId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  opportunityId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  ownerId?: string;

  @OwnedByField()
  ownedBy?: OwnedBy;

  @Field(() => [ActivityType], { nullable: true, description: 'Any of these types.' })
  @IsOptional()
  @IsEnum(ActivityType, { each: true })
  types?: ActivityType[];

  @Field(() => Boolean, { nullable: true, description: 'true: done ones only; false: open ones only.' })
  @IsOptional()
  @IsBoolean()
  completed?: boolean;

  @Field(() => Date, { nullable: true, description: 'Due at or after this time.' })
  @IsOptional()
  @IsDate({ message: 'dueFrom must be a date-time' })
  dueFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Due before this time.' })
  @IsOptional()
  @IsDate({ message: 'dueBefore must be a date-time' })
  dueBefore?: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Open activities whose reminder is at or before this time: the reminders due now, with `completed: false`.',
  })
  @IsOptional()
  @IsDate({ message: 'remindBy must be a date-time' })
  remindBy?: Date;
}

@ArgsType()
export class ActivitiesArgs extends ConnectionArgs {
  @FilterArg(() => ActivityFilter)
  filter?: ActivityFilter;

  @SortArg(ActivitySort, ActivitySort.CREATED_AT_DESC)
  sort: ActivitySort = ActivitySort.CREATED_AT_DESC;
}
