import type { Identity } from '@crm/auth';
import { OpportunityLost, OpportunityStageChanged, OpportunityWon } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import type { PipelineStageEntity } from '../pipelines/pipeline-stage.entity';
import { StageOutcome } from '../pipelines/pipeline.object';
import { PipelineService } from '../pipelines/pipeline.service';
import { notBefore, occurredAt } from '../history/occurred-at';
import { opportunityPayload } from './opportunity-payload';
import type { OpportunityEntity } from './opportunity.entity';
import type { ChangeOpportunityStageInput, CloseOpportunityInput, ReopenOpportunityInput } from './opportunity.input';
import { OpportunityStatus } from './opportunity.object';
import { OpportunityRepository, type OpportunityPatch } from './opportunity.repository';

/** Moves between stages: the stage rules, the history and the stage-changed, won and lost events. */
@Injectable()
export class OpportunityStageService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly opportunities: OpportunityRepository,
    private readonly pipelines: PipelineService,
    private readonly events: EventPublisher,
  ) {}

  private async locked(tx: Transaction, id: string): Promise<OpportunityEntity> {
    const found = await this.opportunities.findByIdForUpdate(tx, id);
    if (!found) throw new NotFoundError('Opportunity', id);
    return found;
  }

  /** An open stage of the opportunity's own pipeline. */
  private async openStageOf(tx: Transaction, opportunity: OpportunityEntity, stageId: string): Promise<PipelineStageEntity> {
    const stage = await this.pipelines.findStage(tx, stageId);
    if (!stage) throw new NotFoundError('Pipeline stage', stageId);
    if (stage.pipelineId !== opportunity.pipelineId)
      throw new InvalidError('stageId', "is a stage of another pipeline than the opportunity's");
    if (stage.outcome !== StageOutcome.OPEN) {
      throw new InvalidError('stageId', 'is a closing stage: use winOpportunity or loseOpportunity');
    }
    return stage;
  }

  /**
   * When a move happened: now, or the backdated time of a history import, which cannot come before
   * the opportunity's previous move (its history would run backwards, and its sales cycle with it).
   */
  private async timeOfMove(
    tx: Transaction,
    opportunity: OpportunityEntity,
    requested: Date | null | undefined,
    who: Identity,
  ): Promise<Date> {
    const at = occurredAt(who, requested, 'occurredAt');
    if (requested == null) return at;
    const last = await this.opportunities.lastChange(tx, opportunity.id);
    notBefore(at, last?.changedAt ?? opportunity.createdAt, 'occurredAt', "opportunity's previous stage change");
    return at;
  }

  private async move(
    tx: Transaction,
    from: OpportunityEntity,
    patch: OpportunityPatch & { stageId: string; status: OpportunityStatus },
    who: Identity,
    at: Date,
  ): Promise<{ updated: OpportunityEntity; at: Date }> {
    const updatedAt = new Date();
    await this.opportunities.update(tx, from.id, { ...patch, updatedAt });
    await this.opportunities.insertStageChange(tx, {
      opportunityId: from.id,
      fromStageId: from.stageId,
      toStageId: patch.stageId,
      fromStatus: from.status,
      toStatus: patch.status,
      changedBy: who.userId,
      changedAt: at,
    });
    return { updated: { ...from, ...patch, updatedAt }, at };
  }

  changeStage(input: ChangeOpportunityStageInput, who: Identity): Promise<OpportunityEntity> {
    return this.uow.run(who, async (tx) => {
      const existing = await this.locked(tx, input.id);
      if (existing.status !== OpportunityStatus.OPEN) {
        throw new InvalidError('id', `is ${existing.status}: reopen it before moving it to another stage`);
      }
      const stage = await this.openStageOf(tx, existing, input.stageId);
      if (stage.id === existing.stageId) return existing;
      const when = await this.timeOfMove(tx, existing, input.occurredAt, who);
      const { updated, at } = await this.move(tx, existing, { stageId: stage.id, status: OpportunityStatus.OPEN }, who, when);
      await this.publishStageChanged(tx, existing, updated, who, at);
      return updated;
    });
  }

  win(input: CloseOpportunityInput, who: Identity): Promise<OpportunityEntity> {
    return this.close(input, who, OpportunityStatus.WON);
  }

  lose(input: CloseOpportunityInput, who: Identity): Promise<OpportunityEntity> {
    return this.close(input, who, OpportunityStatus.LOST);
  }

  private close(
    input: CloseOpportunityInput,
    who: Identity,
    outcome: OpportunityStatus.WON | OpportunityStatus.LOST,
  ): Promise<OpportunityEntity> {
    return this.uow.run(who, async (tx) => {
      const existing = await this.locked(tx, input.id);
      if (existing.status === outcome) throw new InvalidError('id', `is already ${outcome}`);
      if (existing.status !== OpportunityStatus.OPEN) throw new InvalidError('id', `is already ${existing.status}: reopen it first`);
      const stageOutcome = outcome === OpportunityStatus.WON ? StageOutcome.WON : StageOutcome.LOST;
      const stage = (await this.pipelines.stagesOf(tx, existing.pipelineId)).find((s) => s.outcome === stageOutcome);
      if (!stage) throw new InvalidError('id', `its pipeline has no ${stageOutcome} stage`);
      const when = await this.timeOfMove(tx, existing, input.occurredAt, who);
      const { updated, at } = await this.move(
        tx,
        existing,
        { stageId: stage.id, status: outcome, closeReason: input.reason, closedAt: when },
        who,
        when,
      );
      const payload = { ...opportunityPayload(updated), reason: input.reason, closedBy: who.userId, closedAt: at.toISOString() };
      await this.events.publish(tx, outcome === OpportunityStatus.WON ? OpportunityWon : OpportunityLost, payload, at);
      return updated;
    });
  }

  reopen(input: ReopenOpportunityInput, who: Identity): Promise<OpportunityEntity> {
    return this.uow.run(who, async (tx) => {
      const existing = await this.locked(tx, input.id);
      if (existing.status === OpportunityStatus.OPEN) throw new InvalidError('id', 'is open already');
      const stage = input.stageId ? await this.openStageOf(tx, existing, input.stageId) : await this.stageBeforeClosing(tx, existing);
      const when = await this.timeOfMove(tx, existing, input.occurredAt, who);
      const { updated, at } = await this.move(
        tx,
        existing,
        { stageId: stage.id, status: OpportunityStatus.OPEN, closeReason: null, closedAt: null },
        who,
        when,
      );
      await this.publishStageChanged(tx, existing, updated, who, at);
      return updated;
    });
  }

  private async publishStageChanged(
    tx: Transaction,
    from: OpportunityEntity,
    updated: OpportunityEntity,
    who: Identity,
    at: Date,
  ): Promise<void> {
    await this.events.publish(
      tx,
      OpportunityStageChanged,
      {
        ...opportunityPayload(updated),
        fromStageId: from.stageId,
        fromStatus: from.status,
        changedBy: who.userId,
        changedAt: at.toISOString(),
      },
      at,
    );
  }

  /** Where a closed opportunity was before it closed; the pipeline's first stage when that stage is gone or closing. */
  private async stageBeforeClosing(tx: Transaction, opportunity: OpportunityEntity): Promise<PipelineStageEntity> {
    const stages = await this.pipelines.stagesOf(tx, opportunity.pipelineId);
    const last = await this.opportunities.lastChange(tx, opportunity.id);
    const previous = stages.find((s) => s.id === last?.fromStageId && s.outcome === StageOutcome.OPEN);
    const stage = previous ?? stages.find((s) => s.outcome === StageOutcome.OPEN);
    if (!stage) throw new InvalidError('id', 'its pipeline has no open stage');
    return stage;
  }
}
