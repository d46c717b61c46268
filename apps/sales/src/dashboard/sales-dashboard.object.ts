import { Money } from '@crm/graphql';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { LocalDate } from '../opportunities/local-date.scalar';
import { ForecastCategory } from '../pipelines/pipeline.enums';

@ObjectType({ description: 'Open opportunities of one stage, closing in the period.' })
export class StagePipelineFigure {
  @Field(() => ID)
  stageId!: string;

  @Field()
  stageName!: string;

  @Field(() => ID)
  pipelineId!: string;

  @Field()
  pipelineName!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Money)
  amount!: Money;
}

@ObjectType({ description: 'Opportunities of one forecast category closing in the period, and in the same period a year earlier.' })
export class ForecastFigure {
  @Field(() => ForecastCategory)
  category!: ForecastCategory;

  @Field(() => Int)
  count!: number;

  @Field(() => Money)
  amount!: Money;

  @Field(() => Int)
  lastYearCount!: number;

  @Field(() => Money)
  lastYearAmount!: Money;
}

@ObjectType({ description: 'Sales figures for a user or team and a period, in one currency; computed by the database.' })
export class SalesDashboard {
  @Field(() => LocalDate)
  from!: string;

  @Field(() => LocalDate)
  to!: string;

  @Field()
  currency!: string;

  @Field(() => [StagePipelineFigure], { description: 'Open opportunities closing in the period, by stage, in pipeline order.' })
  pipelineByStage!: StagePipelineFigure[];

  @Field(() => Int, { description: 'Opportunities won in the period (by the day they closed, UTC).' })
  wonCount!: number;

  @Field(() => Int, { description: 'Opportunities lost in the period.' })
  lostCount!: number;

  @Field(() => Money, { description: 'Total won in the period.' })
  wonAmount!: Money;

  @Field(() => Float, { nullable: true, description: 'won / (won + lost) in the period, 0 to 1, 4 decimals; null when none closed.' })
  winRate!: number | null;

  @Field(() => Money, { nullable: true, description: 'Average amount of the opportunities won in the period; null when none.' })
  averageDealSize!: Money | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average days from creation to close of the opportunities won in the period, 1 decimal; null when none.',
  })
  averageSalesCycleDays!: number | null;

  @Field(() => [ForecastFigure], { description: 'Every forecast category, in order, against the same period last year.' })
  forecast!: ForecastFigure[];
}
