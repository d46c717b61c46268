import { Money } from '@crm/graphql';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PeriodGrain } from '../periods/period';

export enum WinRateBasis {
  STAGE_HISTORY = 'STAGE_HISTORY',
  ALL_DEALS = 'ALL_DEALS',
  NO_HISTORY = 'NO_HISTORY',
}
registerEnumType(WinRateBasis, {
  name: 'WinRateBasis',
  description:
    "Where a stage's win rate comes from: deals that passed through the stage; every deal closed in the look-back when none of those closed; nothing (rate 0) when no deal closed at all.",
});

@ObjectType({ description: 'The open deals of one stage and currency closing in the period, weighted by the win rate the stage has had.' })
export class ForecastStage {
  @Field(() => ID)
  stageId!: string;

  @Field(() => Int, { description: 'Open deals in the stage closing in the period.' })
  openDeals!: number;

  @Field(() => Money)
  openAmount!: Money;

  @Field(() => Int, { description: 'Deals closed in the look-back that passed through the stage.' })
  closedDeals!: number;

  @Field(() => Int, { description: 'Of those, the deals won.' })
  wonDeals!: number;

  @Field({ description: 'Won over closed, four places (the weighting uses the exact ratio).' })
  winRate!: string;

  @Field(() => WinRateBasis)
  basis!: WinRateBasis;

  @Field(() => Money, { description: 'openAmount × wonDeals / closedDeals, to four places.' })
  weightedAmount!: Money;
}

@ObjectType({ description: 'The forecast of one currency: amounts of different currencies are never added.' })
export class ForecastTotal {
  @Field()
  currency!: string;

  @Field(() => Money, { description: 'Deals won in the period, by asOf.' })
  won!: Money;

  @Field(() => Money, { description: 'Open deals with a close date in the period, at full amount.' })
  openPipeline!: Money;

  @Field(() => Money, { description: 'Open deals weighted by their stage’s historical win rate.' })
  weightedPipeline!: Money;

  @Field(() => Money, { description: 'won + weightedPipeline.' })
  expected!: Money;

  @Field(() => Money, { description: 'won + open deals in stages whose win rate is at least commitThreshold.' })
  committed!: Money;

  @Field(() => Money, { description: 'won + every open deal closing in the period.' })
  bestCase!: Money;

  @Field(() => Money, { description: 'Deals won in the same period a year earlier.' })
  samePeriodLastYear!: Money;

  @Field(() => Money, {
    nullable: true,
    description:
      'won so far extended over the whole period by business days: won × businessDays / businessDaysElapsed; null before the first.',
  })
  runRate!: Money | null;
}

@ObjectType({ description: 'Pipeline weighted by historical win rates per stage, committed and best case, and last year.' })
export class Forecast {
  @Field(() => PeriodGrain)
  grain!: PeriodGrain;

  @Field({ description: 'The first day of the period.' })
  periodStart!: string;

  @Field({ description: 'The last day of the period.' })
  periodEnd!: string;

  @Field(() => Date)
  asOf!: Date;

  @Field(() => Int)
  lookbackDays!: number;

  @Field()
  commitThreshold!: string;

  @Field(() => Int, { description: 'Monday to Friday in the period (UTC days; no holiday calendar).' })
  businessDays!: number;

  @Field(() => Int, { description: 'Business days of the period up to and including the day of asOf.' })
  businessDaysElapsed!: number;

  @Field(() => [ForecastStage], { description: 'By currency, then stage.' })
  stages!: ForecastStage[];

  @Field(() => [ForecastTotal], { description: 'By currency.' })
  totals!: ForecastTotal[];
}
