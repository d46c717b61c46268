import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { PipelineEntity } from './pipeline.entity';
import { PipelineRepository } from './pipeline.repository';
import { PipelineResolver } from './pipeline.resolver';
import { PipelineService } from './pipeline.service';

@Module({
  imports: [TypeOrmModule.forFeature([PipelineEntity, PipelineStageEntity])],
  providers: [PipelineRepository, PipelineService, PipelineResolver],
  exports: [PipelineService],
})
export class PipelinesModule {}

export const PIPELINE_ENTITIES = [PipelineEntity, PipelineStageEntity];
