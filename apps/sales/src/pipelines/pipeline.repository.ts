import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { PipelineEntity } from './pipeline.entity';

@Injectable()
export class PipelineRepository {
  constructor(
    @InjectRepository(PipelineEntity) private readonly pipelines: Repository<PipelineEntity>,
    @InjectRepository(PipelineStageEntity) private readonly stages: Repository<PipelineStageEntity>,
  ) {}

  private stagesOn(tx?: Transaction): Repository<PipelineStageEntity> {
    return tx ? tx.manager.getRepository(PipelineStageEntity) : this.stages;
  }

  private pipelinesOn(tx?: Transaction): Repository<PipelineEntity> {
    return tx ? tx.manager.getRepository(PipelineEntity) : this.pipelines;
  }

  all(): Promise<PipelineEntity[]> {
    return this.pipelines.find({ order: { position: 'ASC', id: 'ASC' } });
  }

  findById(id: string, tx?: Transaction): Promise<PipelineEntity | null> {
    return this.pipelinesOn(tx).findOneBy({ id });
  }

  /** Row-locked, so concurrent stage additions of one pipeline take positions one after the other. */
  findByIdForUpdate(tx: Transaction, id: string): Promise<PipelineEntity | null> {
    return this.pipelinesOn(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByName(tx: Transaction, name: string): Promise<PipelineEntity | null> {
    return this.pipelinesOn(tx).findOneBy({ name });
  }

  /** The default pipeline: the first in display order. */
  first(tx?: Transaction): Promise<PipelineEntity | null> {
    return this.pipelinesOn(tx).findOne({ where: {}, order: { position: 'ASC', id: 'ASC' } });
  }

  async nextPosition(tx: Transaction): Promise<number> {
    const max = await this.pipelinesOn(tx).maximum('position');
    return max === null ? 0 : max + 1;
  }

  findByIds(ids: readonly string[]): Promise<PipelineEntity[]> {
    return this.pipelines.findBy({ id: Any(ids) });
  }

  stagesOf(pipelineIds: readonly string[], tx?: Transaction): Promise<PipelineStageEntity[]> {
    return this.stagesOn(tx).find({ where: { pipelineId: Any(pipelineIds) }, order: { pipelineId: 'ASC', position: 'ASC' } });
  }

  findStageById(id: string, tx?: Transaction): Promise<PipelineStageEntity | null> {
    return this.stagesOn(tx).findOneBy({ id });
  }

  findStagesByIds(ids: readonly string[]): Promise<PipelineStageEntity[]> {
    return this.stages.findBy({ id: Any(ids) });
  }

  async insertPipeline(tx: Transaction, pipeline: PipelineEntity, stages: PipelineStageEntity[]): Promise<void> {
    await this.pipelinesOn(tx).insert(pipeline);
    await this.stagesOn(tx).insert(stages);
  }

  /** Makes room after the last open stage: the closing stages move one place down. */
  async insertOpenStage(tx: Transaction, stage: PipelineStageEntity): Promise<void> {
    await this.stagesOn(tx)
      .createQueryBuilder()
      .update()
      .set({ position: () => 'position + 1' })
      .where('pipeline_id = :pipelineId AND position >= :position', { pipelineId: stage.pipelineId, position: stage.position })
      .execute();
    await this.stagesOn(tx).insert(stage);
  }
}
