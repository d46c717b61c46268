import { ConnectionArgs, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { EngagementSignal, FitAttribute } from './scoring.enums';

export const RULE_POINTS_MAX = 1000;
export const RULE_VALUES_MAX = 50;

@InputType({
  description:
    'A scoring rule: a fit rule names an attribute (with values, or min/max employees), an engagement rule names a signal. Exactly one of the two.',
})
export class CreateScoringRuleInput {
  @Field()
  @TrimmedString({ min: 1, max: 200 })
  name!: string;

  @Field(() => FitAttribute, { nullable: true })
  @IsOptional()
  @IsEnum(FitAttribute, { message: 'attribute must be one of INDUSTRY, COUNTRY, TITLE, EMPLOYEE_COUNT' })
  attribute?: FitAttribute | null;

  @Field(() => [String], { nullable: true, description: `For INDUSTRY, COUNTRY and TITLE: 1 to ${RULE_VALUES_MAX} values.` })
  @IsOptional()
  @ArrayMaxSize(RULE_VALUES_MAX, { message: `values must have at most ${RULE_VALUES_MAX} entries` })
  @IsString({ each: true })
  @Length(1, 100, { each: true, message: 'each of values must be 1 to 100 characters' })
  values?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'For EMPLOYEE_COUNT: the smallest size that matches.' })
  @IsOptional()
  @IsInt({ message: 'minEmployees must be a whole number' })
  @Min(1, { message: 'minEmployees must be at least 1' })
  minEmployees?: number | null;

  @Field(() => Int, { nullable: true, description: 'For EMPLOYEE_COUNT: the largest size that matches.' })
  @IsOptional()
  @IsInt({ message: 'maxEmployees must be a whole number' })
  @Min(1, { message: 'maxEmployees must be at least 1' })
  maxEmployees?: number | null;

  @Field(() => EngagementSignal, { nullable: true })
  @IsOptional()
  @IsEnum(EngagementSignal, { message: 'signal must be one of FORM_SUBMITTED, EMAIL_OPENED, EMAIL_CLICKED, EVENT_ATTENDED' })
  signal?: EngagementSignal | null;

  @Field(() => Int, { description: `-${RULE_POINTS_MAX} to ${RULE_POINTS_MAX}; negative counts against the lead.` })
  @IsInt({ message: 'points must be a whole number' })
  @Min(-RULE_POINTS_MAX, { message: `points must be at least -${RULE_POINTS_MAX}` })
  @Max(RULE_POINTS_MAX, { message: `points must be at most ${RULE_POINTS_MAX}` })
  points!: number;

  @Field(() => Boolean, { defaultValue: true })
  @IsBoolean({ message: 'active must be true or false' })
  active = true;
}

@InputType({ description: 'Replaces a rule; every lead is scored again by the new rules.' })
export class UpdateScoringRuleInput extends CreateScoringRuleInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;
}

@ArgsType()
export class LeadScoreHistoryArgs extends ConnectionArgs {}
