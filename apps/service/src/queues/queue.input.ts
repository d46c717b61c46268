import { ConnectionArgs, UuidInput, TrimmedString, UuidList } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { CaseChannel, CaseType } from '../cases/case.enums';
import { CustomerTierCondition } from '../customer-tiers/customer-tier.input';
import { RoutingMode } from './queue.enums';

export const QUEUE_NAME_MAX = 100;
export const MEMBERS_MAX = 100;
export const RULES_MAX = 100;

@InputType()
export class CreateQueueInput {
  @Field({ description: 'Unique.' })
  @TrimmedString({ min: 1, max: QUEUE_NAME_MAX })
  name!: string;

  @Field(() => RoutingMode, { defaultValue: RoutingMode.ROUND_ROBIN })
  @IsEnum(RoutingMode)
  routingMode: RoutingMode = RoutingMode.ROUND_ROBIN;

  @Field(() => [ID], { defaultValue: [], description: `The users who work it, at most ${MEMBERS_MAX}.` })
  @UuidList({ max: MEMBERS_MAX })
  memberIds: string[] = [];
}

@InputType()
export class SetQueueMembersInput {
  @Field(() => ID)
  @UuidInput()
  queueId!: string;

  @Field(() => [ID], { description: `Replaces the members; at most ${MEMBERS_MAX}.` })
  @UuidList({ max: MEMBERS_MAX })
  memberIds!: string[];
}

@InputType({ description: 'Every condition given must match; one left out matches anything.' })
export class RoutingRuleInput {
  @Field(() => ID)
  @UuidInput()
  queueId!: string;

  @Field(() => CaseType, { nullable: true })
  @IsOptional()
  @IsEnum(CaseType)
  caseType?: CaseType | null;

  @Field(() => CaseChannel, { nullable: true })
  @IsOptional()
  @IsEnum(CaseChannel)
  channel?: CaseChannel | null;

  @Field(() => ID, { nullable: true, description: 'A product sales has.' })
  @UuidInput({ optional: true })
  productId?: string | null;

  @CustomerTierCondition('Matches cases of customers of this tier only, the tier sales gives them (1 the top); null matches any.')
  customerTier?: number | null;
}

@InputType()
export class SetRoutingRulesInput {
  @Field(() => [RoutingRuleInput], { description: `Replaces every rule; tried in this order, first match wins. At most ${RULES_MAX}.` })
  @IsArray()
  @ArrayMaxSize(RULES_MAX, { message: `rules must list at most ${RULES_MAX}` })
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleInput)
  rules!: RoutingRuleInput[];
}

@ArgsType()
export class QueuesArgs extends ConnectionArgs {}
