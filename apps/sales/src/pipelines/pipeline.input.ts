import { UuidInput, TrimmedString } from '@crm/graphql';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { ForecastCategory, StageOutcome } from './pipeline.object';

@InputType()
export class PipelineStageInput {
  @Field()
  @TrimmedString({ min: 1, max: 100 })
  name!: string;

  @Field(() => Int, { description: 'Default win probability, 0 to 100.' })
  @IsInt()
  @Min(0, { message: 'probability must be between 0 and 100' })
  @Max(100, { message: 'probability must be between 0 and 100' })
  probability!: number;

  @Field(() => ForecastCategory)
  @IsEnum(ForecastCategory)
  forecastCategory!: ForecastCategory;

  @Field(() => StageOutcome, { defaultValue: StageOutcome.OPEN })
  @IsEnum(StageOutcome)
  outcome: StageOutcome = StageOutcome.OPEN;
}

@InputType()
export class CreatePipelineInput {
  @Field()
  @TrimmedString({ min: 1, max: 100 })
  name!: string;

  @Field(() => [PipelineStageInput], {
    description: 'In order: at least one OPEN stage, exactly one WON and one LOST stage (closing stages are kept last).',
  })
  @ArrayMinSize(3, { message: 'stages must list at least one open, one won and one lost stage' })
  @ArrayMaxSize(30, { message: 'stages must list at most 30 stages' })
  @ValidateNested({ each: true })
  @Type(() => PipelineStageInput)
  stages!: PipelineStageInput[];
}

@InputType()
export class AddPipelineStageInput {
  @Field(() => ID)
  @UuidInput()
  pipelineId!: string;

  @Field()
  @TrimmedString({ min: 1, max: 100 })
  name!: string;

  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'probability must be between 0 and 100' })
  @Max(100, { message: 'probability must be between 0 and 100' })
  probability!: number;

  @Field(() => ForecastCategory, { description: 'Not CLOSED: the new stage is an open one, placed after the other open stages.' })
  @IsEnum(ForecastCategory)
  forecastCategory!: ForecastCategory;
}
