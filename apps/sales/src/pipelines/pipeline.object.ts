import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ForecastCategory, StageOutcome } from './pipeline.enums';
import type { PipelineStageEntity } from './pipeline-stage.entity';
import type { PipelineEntity } from './pipeline.entity';

@ObjectType({ description: 'A step of a pipeline.' })
export class PipelineStage {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  pipelineId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Order within the pipeline, from 0.' })
  position!: number;

  @Field(() => Int, { description: 'Default win probability of an opportunity in this stage, in percent.' })
  probability!: number;

  @Field(() => ForecastCategory)
  forecastCategory!: ForecastCategory;

  @Field(() => StageOutcome)
  outcome!: StageOutcome;
}

@ObjectType({ description: 'A sales process (new business, renewals...): ordered stages an opportunity moves through.' })
export class Pipeline {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Display order; the first pipeline is the default for new opportunities.' })
  position!: number;

  @Field(() => [PipelineStage], { description: 'In order.' })
  stages!: PipelineStage[];

  @Field()
  createdAt!: Date;
}

export function toPipelineStage(e: PipelineStageEntity): PipelineStage {
  return {
    id: e.id,
    pipelineId: e.pipelineId,
    name: e.name,
    position: e.position,
    probability: e.probability,
    forecastCategory: e.forecastCategory,
    outcome: e.outcome,
  };
}

export function toPipeline(e: PipelineEntity, stages: PipelineStageEntity[]): Pipeline {
  return { id: e.id, name: e.name, position: e.position, stages: stages.map(toPipelineStage), createdAt: e.createdAt };
}

export { ForecastCategory, StageOutcome };
