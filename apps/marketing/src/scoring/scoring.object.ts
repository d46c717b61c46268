import { Connection } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { LeadScoreChangeEntity } from './lead-score-change.entity';
import type { ScoringRuleEntity } from './scoring-rule.entity';
import { EngagementSignal, FitAttribute } from './scoring.enums';

@ObjectType({ description: 'A declarative scoring rule.' })
export class ScoringRule {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => FitAttribute, { nullable: true })
  attribute!: FitAttribute | null;

  @Field(() => [String], { description: 'Lowercased.' })
  values!: string[];

  @Field(() => Int, { nullable: true })
  minEmployees!: number | null;

  @Field(() => Int, { nullable: true })
  maxEmployees!: number | null;

  @Field(() => EngagementSignal, { nullable: true })
  signal!: EngagementSignal | null;

  @Field(() => Int)
  points!: number;

  @Field()
  active!: boolean;
}

export const toScoringRule = (e: ScoringRuleEntity): ScoringRule => ({
  id: e.id,
  name: e.name,
  attribute: e.attribute,
  values: e.values,
  minEmployees: e.minEmployees,
  maxEmployees: e.maxEmployees,
  signal: e.signal,
  points: e.points,
  active: e.active,
});

@ObjectType({ description: 'The points one fit rule gives the lead now.' })
export class FitRulePoints {
  @Field(() => ID)
  ruleId!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  points!: number;
}

@ObjectType({ description: "A lead's score: fit from its attributes plus engagement (decayed), as of its last change." })
export class LeadScore {
  @Field(() => Int)
  score!: number;

  @Field(() => Int)
  fit!: number;

  @Field(() => Int)
  engagement!: number;

  @Field({ description: 'The score has crossed the MQL threshold.' })
  marketingQualified!: boolean;

  @Field(() => Date, { nullable: true })
  qualifiedAt!: Date | null;

  @Field(() => [FitRulePoints], { description: 'Which fit rules give which points now.' })
  fitRules!: FitRulePoints[];

  @Field()
  updatedAt!: Date;
}

@ObjectType({ description: "One rule's points in a score change. reason is FIT (the fit total moved by points) or the engagement signal." })
export class LeadScoreChange {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Null for FIT changes and for the points a web form itself carries.' })
  ruleId!: string | null;

  @Field()
  reason!: string;

  @Field(() => Int)
  points!: number;

  @Field(() => Int)
  scoreAfter!: number;

  @Field()
  occurredAt!: Date;
}

@ObjectType()
export class LeadScoreChangeConnection extends Connection(LeadScoreChange) {}

export const toLeadScoreChange = (e: LeadScoreChangeEntity): LeadScoreChange => ({
  id: e.id,
  ruleId: e.ruleId,
  reason: e.reason,
  points: e.points,
  scoreAfter: e.scoreAfter,
  occurredAt: e.occurredAt,
});
