import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CasePriority } from '../cases/case.enums';

/** The most products casesByProduct lists. */
export const DASHBOARD_PRODUCTS_MAX = 100;

export enum BacklogAge {
  UNDER_A_DAY = 'UNDER_A_DAY',
  ONE_TO_THREE_DAYS = 'ONE_TO_THREE_DAYS',
  THREE_TO_SEVEN_DAYS = 'THREE_TO_SEVEN_DAYS',
  OVER_A_WEEK = 'OVER_A_WEEK',
}

registerEnumType(BacklogAge, {
  name: 'BacklogAge',
  description: 'How long an open case has been open: under 24 hours, 1 to 3 days, 3 to 7 days, or 7 days and more.',
});

@ObjectType()
export class PriorityCount {
  @Field(() => CasePriority)
  priority!: CasePriority;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class QueueCount {
  @Field(() => ID, { nullable: true, description: 'null: cases in no queue.' })
  queueId!: string | null;

  @Field(() => String, { nullable: true })
  queueName!: string | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class AgeCount {
  @Field(() => BacklogAge)
  age!: BacklogAge;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'The cases that still need work (NEW, OPEN or PENDING; merged duplicates left out) at `asOf`.' })
export class CaseBacklog {
  @Field(() => Int)
  open!: number;

  @Field(() => [PriorityCount], { description: 'Every priority, most urgent first.' })
  byPriority!: PriorityCount[];

  @Field(() => [QueueCount], { description: 'The queues that have open cases, most cases first.' })
  byQueue!: QueueCount[];

  @Field(() => [AgeCount], { description: 'Every age band, youngest first.' })
  byAge!: AgeCount[];

  @Field(() => Float, { nullable: true, description: 'Average hours since the open cases were opened, 2 decimals; null when none.' })
  averageAgeHours!: number | null;

  @Field(() => Float, { nullable: true, description: 'Hours since the oldest open case was opened, 2 decimals; null when none.' })
  oldestAgeHours!: number | null;
}

@ObjectType({
  description:
    "One SLA target over the cases opened in the period that have it: met in time, missed (marked by the watcher, answered late, or past due now; a waiting case's clock stopped when it began to wait), or still running.",
})
export class SlaAttainment {
  @Field(() => Int)
  met!: number;

  @Field(() => Int)
  breached!: number;

  @Field(() => Int)
  running!: number;

  @Field(() => Float, { nullable: true, description: 'met / (met + breached), 0 to 1, 4 decimals; null when none was decided.' })
  attainment!: number | null;
}

@ObjectType({ description: 'Cases resolved in the period: hours from opening to resolution.' })
export class HandleTime {
  @Field(() => Int)
  resolved!: number;

  @Field(() => Float, { nullable: true, description: '2 decimals; null when none was resolved.' })
  averageHours!: number | null;

  @Field(() => Float, { nullable: true, description: '2 decimals; null when none was resolved.' })
  medianHours!: number | null;
}

@ObjectType()
export class ScoreCount {
  @Field(() => Int)
  score!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Satisfaction survey answers given in the period.' })
export class SatisfactionFigures {
  @Field(() => Int)
  answers!: number;

  @Field(() => Float, { nullable: true, description: 'Average score (1 to 5), 2 decimals; null when none.' })
  average!: number | null;

  @Field(() => [ScoreCount], { description: 'Every score from 1 to 5.' })
  distribution!: ScoreCount[];
}

@ObjectType({ description: 'Cases of one product opened in the period (product issue rates start here).' })
export class ProductCaseCount {
  @Field(() => ID, { nullable: true, description: 'null: cases about no product.' })
  productId!: string | null;

  @Field(() => Int)
  opened!: number;

  @Field(() => Int, { description: 'Of those, how many still need work.' })
  open!: number;
}

@ObjectType({ description: 'Service figures for a period, each computed by the database.' })
export class ServiceDashboard {
  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field({ description: 'The instant the backlog and the running SLA clocks were counted at.' })
  asOf!: Date;

  @Field(() => CaseBacklog, { description: 'The backlog at asOf, whatever the period.' })
  backlog!: CaseBacklog;

  @Field(() => SlaAttainment)
  firstResponse!: SlaAttainment;

  @Field(() => SlaAttainment)
  resolution!: SlaAttainment;

  @Field(() => HandleTime)
  handleTime!: HandleTime;

  @Field(() => SatisfactionFigures)
  satisfaction!: SatisfactionFigures;

  @Field(() => [ProductCaseCount], { description: `Most cases first, at most ${DASHBOARD_PRODUCTS_MAX} products.` })
  casesByProduct!: ProductCaseCount[];
}
