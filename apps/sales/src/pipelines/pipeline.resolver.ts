import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe } from '@crm/graphql';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AddPipelineStageInput, CreatePipelineInput } from './pipeline.input';
import { Pipeline, toPipeline } from './pipeline.object';
import { PipelineService, type PipelineWithStages } from './pipeline.service';

const toObject = (p: PipelineWithStages): Pipeline => toPipeline(p.pipeline, p.stages);

@CanRead('sales')
@Resolver(() => Pipeline)
export class PipelineResolver {
  constructor(private readonly pipelineService: PipelineService) {}

  @Query(() => [Pipeline], { description: 'Every pipeline with its stages, the default one first. There are few.' })
  async pipelines(): Promise<Pipeline[]> {
    return (await this.pipelineService.all()).map(toObject);
  }

  @Query(() => Pipeline, { nullable: true, description: 'A pipeline by id, or null when there is none.' })
  async pipeline(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Pipeline | null> {
    const found = await this.pipelineService.findById(id);
    return found ? toObject(found) : null;
  }

  @CanWrite('sales')
  @Mutation(() => Pipeline, { description: 'Creates a pipeline with its stages (administration).' })
  async createPipeline(@Args('input') input: CreatePipelineInput, @CurrentIdentity() caller: Identity): Promise<Pipeline> {
    return toObject(await this.pipelineService.create(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Pipeline, { description: 'Adds an open stage after the last open stage of a pipeline (administration).' })
  async addPipelineStage(@Args('input') input: AddPipelineStageInput, @CurrentIdentity() caller: Identity): Promise<Pipeline> {
    return toObject(await this.pipelineService.addStage(caller, input));
  }
}
