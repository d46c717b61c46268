import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { groupByKeys } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { PipelineStageEntity } from './pipeline-stage.entity';
import type { PipelineEntity } from './pipeline.entity';
import type { AddPipelineStageInput, CreatePipelineInput, PipelineStageInput } from './pipeline.input';
import { ForecastCategory, StageOutcome } from './pipeline.object';
import { PipelineRepository } from './pipeline.repository';

export interface PipelineWithStages {
  pipeline: PipelineEntity;
  stages: PipelineStageEntity[];
}

/** Why a stage's forecast category does not fit its outcome; null when it does. */
function categoryRefusal(outcome: StageOutcome, category: ForecastCategory): string | null {
  if (outcome === StageOutcome.WON && category !== ForecastCategory.CLOSED) return 'a WON stage must forecast as CLOSED';
  if (outcome === StageOutcome.LOST && category !== ForecastCategory.OMITTED) return 'a LOST stage must forecast as OMITTED';
  if (outcome === StageOutcome.OPEN && category === ForecastCategory.CLOSED) return 'an OPEN stage cannot forecast as CLOSED';
  return null;
}

function validateStages(stages: PipelineStageInput[]): void {
  const count = (o: StageOutcome) => stages.filter((s) => s.outcome === o).length;
  if (count(StageOutcome.OPEN) < 1) throw new InvalidError('stages', 'must have at least one OPEN stage');
  if (count(StageOutcome.WON) !== 1) throw new InvalidError('stages', 'must have exactly one WON stage');
  if (count(StageOutcome.LOST) !== 1) throw new InvalidError('stages', 'must have exactly one LOST stage');
  const names = new Set<string>();
  stages.forEach((s, i) => {
    const refusal = categoryRefusal(s.outcome, s.forecastCategory);
    if (refusal) throw new InvalidError(`stages.${i}.forecastCategory`, refusal);
    const key = s.name.toLowerCase();
    if (names.has(key)) throw new InvalidError(`stages.${i}.name`, `"${s.name}" is listed twice`);
    names.add(key);
  });
}

@Injectable()
export class PipelineService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pipelines: PipelineRepository,
  ) {}

  async all(): Promise<PipelineWithStages[]> {
    const pipelines = await this.pipelines.all();
    const stages = groupByKeys(
      pipelines.map((p) => p.id),
      await this.pipelines.stagesOf(pipelines.map((p) => p.id)),
      (s) => s.pipelineId,
    );
    return pipelines.map((pipeline, i) => ({ pipeline, stages: stages[i]! }));
  }

  async findById(id: string): Promise<PipelineWithStages | null> {
    const pipeline = await this.pipelines.findById(id);
    return pipeline ? { pipeline, stages: await this.pipelines.stagesOf([id]) } : null;
  }

  /** For DataLoader: pipelines with their stages, in the order of `ids`. */
  async findByIds(ids: readonly string[]): Promise<(PipelineWithStages | null)[]> {
    const found = await this.pipelines.findByIds(ids);
    const stages = groupByKeys(ids, found.length ? await this.pipelines.stagesOf(found.map((p) => p.id)) : [], (s) => s.pipelineId);
    const byId = new Map(found.map((p) => [p.id, p]));
    return ids.map((id, i) => {
      const pipeline = byId.get(id);
      return pipeline ? { pipeline, stages: stages[i]! } : null;
    });
  }

  /** For DataLoader: stages in the order of `ids`, null where there is none. */
  async findStagesByIds(ids: readonly string[]): Promise<(PipelineStageEntity | null)[]> {
    const byId = new Map((await this.pipelines.findStagesByIds(ids)).map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The stages of a pipeline, in order, read inside the caller's transaction. */
  stagesOf(tx: Transaction, pipelineId: string): Promise<PipelineStageEntity[]> {
    return this.pipelines.stagesOf([pipelineId], tx);
  }

  findStage(tx: Transaction, stageId: string): Promise<PipelineStageEntity | null> {
    return this.pipelines.findStageById(stageId, tx);
  }

  /** The pipeline new opportunities go to when none is named. */
  defaultPipeline(tx: Transaction): Promise<PipelineEntity | null> {
    return this.pipelines.first(tx);
  }

  findPipeline(tx: Transaction, id: string): Promise<PipelineEntity | null> {
    return this.pipelines.findById(id, tx);
  }

  create(caller: Identity, input: CreatePipelineInput): Promise<PipelineWithStages> {
    validateStages(input.stages);
    // Closing stages are kept last whatever order they were listed in, so "after the open stages" stays simple.
    const rank = (o: StageOutcome) => (o === StageOutcome.OPEN ? 0 : o === StageOutcome.WON ? 1 : 2);
    const ordered = [...input.stages].sort((a, b) => rank(a.outcome) - rank(b.outcome));
    return this.uow.run(caller, async (tx) => {
      if (await this.pipelines.findByName(tx, input.name)) throw new InvalidError('name', `a pipeline named "${input.name}" exists`);
      const pipeline: PipelineEntity = {
        id: randomUUID(),
        name: input.name,
        position: await this.pipelines.nextPosition(tx),
        createdAt: new Date(),
      };
      const stages: PipelineStageEntity[] = ordered.map((s, position) => ({
        id: randomUUID(),
        pipelineId: pipeline.id,
        name: s.name,
        position,
        probability: s.probability,
        forecastCategory: s.forecastCategory,
        outcome: s.outcome,
      }));
      await this.pipelines.insertPipeline(tx, pipeline, stages);
      return { pipeline, stages };
    });
  }

  addStage(caller: Identity, input: AddPipelineStageInput): Promise<PipelineWithStages> {
    const refusal = categoryRefusal(StageOutcome.OPEN, input.forecastCategory);
    if (refusal) throw new InvalidError('forecastCategory', refusal);
    return this.uow.run(caller, async (tx) => {
      const pipeline = await this.pipelines.findByIdForUpdate(tx, input.pipelineId);
      if (!pipeline) throw new NotFoundError('Pipeline', input.pipelineId);
      const stages = await this.pipelines.stagesOf([pipeline.id], tx);
      if (stages.some((s) => s.name.toLowerCase() === input.name.toLowerCase())) {
        throw new InvalidError('name', `the pipeline already has a stage named "${input.name}"`);
      }
      const position = stages.filter((s) => s.outcome === StageOutcome.OPEN).length;
      await this.pipelines.insertOpenStage(tx, {
        id: randomUUID(),
        pipelineId: pipeline.id,
        name: input.name,
        position,
        probability: input.probability,
        forecastCategory: input.forecastCategory,
        outcome: StageOutcome.OPEN,
      });
      return { pipeline, stages: await this.pipelines.stagesOf([pipeline.id], tx) };
    });
  }
}
