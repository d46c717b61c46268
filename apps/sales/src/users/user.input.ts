import { ConnectionArgs, lower, UuidInput, TrimmedString, UuidList, FilterArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, Length } from 'class-validator';
import { IsIanaTimeZone, toCanonicalTimeZone } from './time-zone';

export const USER_NAME_MAX = 200;
/** Members of one team: a team larger than this is a department, and reports by team stay readable. */
export const TEAM_MEMBERS_MAX = 500;

/** The profile fields create and update take alike: optional, and null clears one on update. */
@InputType({ isAbstract: true })
abstract class UserProfileInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(lower)
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 320, { message: 'email must be at most 320 characters' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Job title; null clears it.' })
  @TrimmedString({ min: 1, max: 100, optional: true })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Europe/Berlin"; null clears it.' })
  @IsOptional()
  @Transform(toCanonicalTimeZone)
  @IsIanaTimeZone()
  timeZone?: string | null;

  @Field(() => ID, { nullable: true, description: 'Their manager, a user; a cycle of managers is refused. null clears it.' })
  @UuidInput({ optional: true })
  managerId?: string | null;

  @Field(() => String, { nullable: true, description: 'The regional office, e.g. "Central"; null clears it.' })
  @TrimmedString({ min: 1, max: 100, optional: true })
  regionalOffice?: string | null;
}

@InputType()
export class CreateUserInput extends UserProfileInput {
  @Field(() => ID, { description: 'The `sub` their tokens will carry: they sign in as this user.' })
  @UuidInput()
  id!: string;

  @Field()
  @TrimmedString({ min: 1, max: USER_NAME_MAX })
  name!: string;
}

@InputType()
export class UpdateUserInput extends UserProfileInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: USER_NAME_MAX, optional: 'not-null' })
  name?: string;
}

@InputType()
export class UserFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only active (or only inactive) users.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @Field(() => ID, { nullable: true, description: 'Members of this team.' })
  @UuidInput({ optional: true })
  teamId?: string;

  @Field(() => ID, { nullable: true, description: 'Who reports to this manager directly.' })
  @UuidInput({ optional: true })
  managerId?: string;

  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name or email.' })
  @IsOptional()
  @IsString()
  @Length(1, USER_NAME_MAX, { message: `nameContains must be 1 to ${USER_NAME_MAX} characters` })
  nameContains?: string;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @FilterArg(() => UserFilter)
  filter?: UserFilter;
}

@InputType()
export class CreateTeamInput {
  @Field()
  @TrimmedString({ min: 1, max: 100 })
  name!: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  managerId?: string | null;

  @Field(() => [ID], { nullable: true, description: `Its first members, at most ${TEAM_MEMBERS_MAX}.` })
  @UuidList({ max: TEAM_MEMBERS_MAX, optional: true })
  memberIds?: string[];
}

@InputType()
export class UpdateTeamInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: 100, optional: 'not-null' })
  name?: string;

  @Field(() => ID, { nullable: true, description: 'null clears it.' })
  @UuidInput({ optional: true })
  managerId?: string | null;
}

@InputType()
export class TeamMembersInput {
  @Field(() => ID)
  @UuidInput()
  teamId!: string;

  @Field(() => [ID], { description: `At most ${TEAM_MEMBERS_MAX}.` })
  @UuidList({ min: 1, max: TEAM_MEMBERS_MAX })
  userIds!: string[];
}
