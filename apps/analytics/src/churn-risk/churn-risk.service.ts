import { SYSTEM_IDENTITY } from '@crm/auth';
import {
  ActivityCompleted,
  ActivityCreated,
  CaseOpened,
  CaseSatisfactionSubmitted,
  CaseSlaBreached,
  CaseStatusChanged,
  CaseUpdated,
  CaseUpdatedV2,
  ChurnRiskCleared,
  ChurnRiskRaised,
  ContactAdded,
  CustomerCreated,
  CustomerMerged,
  EmailClicked,
  EmailOpened,
  FormSubmitted,
  OpportunityCreated,
  OpportunityImported,
  OpportunityLost,
  OpportunityStageChanged,
  OpportunityWon,
  QuoteCreated,
  type EventContract,
} from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { isUuid } from '@crm/graphql';
import { EventPublisher, inRuns, on, type ChunkScope, type EventHandler, type TypedEvent } from '@crm/events';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsConfig } from '../config/analytics.config';
import { SegmentMembershipService } from '../segments/segment-membership.service';
import type { ChurnRisk } from './churn-risk.object';
import { ChurnRiskRepository, type Touchpoint } from './churn-risk.repository';
import { scoreChurn, shareText } from './churn-score';

/** The event's own time: history imports carry the past time the thing happened. */
const when = (e: { time: string }): Date => new Date(e.time);

/** A signal to record: a touchpoint (batched with the chunk's others), or any other write, run in its place. */
type SignalWrite = Touchpoint | (() => Promise<void>);
const isTouchpoint = (w: SignalWrite): w is Touchpoint => typeof w !== 'function';

/** Customers the rescoring job scores in one transaction. */
const RESCORE_BATCH = 500;

/**
 * Churn risk: keeps each customer's signals from events, rescores the customer the event is about
 * in the same transaction, and announces a crossing of the threshold (either way) through the
 * outbox, so sales hears of it exactly when the score that crossed is committed.
 */
@Injectable()
export class ChurnRiskService {
  private readonly threshold: number;
  private readonly renewalPipelines: Set<string>;

  constructor(
    private readonly churn: ChurnRiskRepository,
    private readonly uow: UnitOfWork,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) config: Pick<AnalyticsConfig, 'CHURN_RISK_THRESHOLD' | 'CHURN_RENEWAL_PIPELINE_IDS'>,
    private readonly segments: SegmentMembershipService,
  ) {
    this.threshold = Math.round(config.CHURN_RISK_THRESHOLD * 10_000);
    this.renewalPipelines = new Set(config.CHURN_RENEWAL_PIPELINE_IDS);
  }

  /** One line per contract: what it tells about a customer's risk. Each then rescores that customer. */
  handlers(): EventHandler[] {
    const c = this.churn;
    const touch = <C extends EventContract>(contract: C, customerOf: (e: TypedEvent<C>) => string | null) =>
      on(contract, (e, tx, chunk) => {
        const customerId = customerOf(e);
        return customerId ? this.recordAndRescore(tx, chunk, customerId, { eventId: e.id, customerId, at: when(e) }) : Promise.resolve();
      });
    return [
      // Engagement: touchpoints other than support cases (which count as cases), and other than automated tasks.
      touch(CustomerCreated, (e) => e.data.customerId),
      touch(ContactAdded, (e) => e.data.customerId),
      touch(ActivityCreated, (e) => (e.data.automated ? null : e.data.customerId)),
      touch(ActivityCompleted, (e) => e.data.customerId),
      touch(OpportunityCreated, (e) => e.data.customerId),
      touch(OpportunityStageChanged, (e) => e.data.customerId),
      touch(QuoteCreated, (e) => e.data.customerId),
      touch(EmailOpened, (e) => e.data.customerId),
      touch(EmailClicked, (e) => e.data.customerId),
      touch(FormSubmitted, (e) => e.data.customerId),
      // Cases.
      on(CaseOpened, (e, tx, chunk) => this.recordAndRescore(tx, chunk, e.data.customerId, () => c.caseOpened(tx, e.data, when(e)))),
      on(CaseStatusChanged, (e, tx, chunk) =>
        this.recordAndRescore(tx, chunk, e.data.customerId, () => c.caseStatus(tx, e.data.caseId, e.data.to)),
      ),
      on(CaseUpdated, (e, tx, chunk) =>
        this.recordAndRescore(tx, chunk, e.data.customerId, () => c.casePriority(tx, e.data.caseId, e.data.priority)),
      ),
      on(CaseUpdatedV2, (e, tx, chunk) =>
        this.recordAndRescore(tx, chunk, e.data.customerId, () => c.casePriority(tx, e.data.caseId, e.data.priority)),
      ),
      on(CaseSlaBreached, (e, tx, chunk) =>
        this.recordAndRescore(tx, chunk, e.data.customerId, () => c.slaBreach(tx, e.id, e.data, when(e))),
      ),
      on(CaseSatisfactionSubmitted, (e, tx, chunk) =>
        this.recordAndRescore(tx, chunk, e.data.customerId, () => c.csat(tx, e.data, when(e))),
      ),
      // Renewals: a won deal is a touchpoint too.
      on(OpportunityWon, (e, tx, chunk) =>
        this.recordAndRescore(tx, chunk, e.data.customerId, () => c.renewalWon(tx, e.data.opportunityId), {
          eventId: e.id,
          customerId: e.data.customerId,
          at: when(e),
        }),
      ),
      on(OpportunityLost, (e, tx, chunk) =>
        this.renewalPipelines.has(e.data.pipelineId)
          ? this.recordAndRescore(tx, chunk, e.data.customerId, () => c.renewalLost(tx, e.data.opportunityId, e.data.customerId, when(e)))
          : Promise.resolve(),
      ),
      on(OpportunityImported, (e, tx, chunk) => {
        const d = e.data;
        return d.status === 'LOST' && d.closedAt && this.renewalPipelines.has(d.pipelineId)
          ? this.recordAndRescore(tx, chunk, d.customerId, () => c.renewalLost(tx, d.opportunityId, d.customerId, new Date(d.closedAt!)))
          : Promise.resolve();
      }),
      on(CustomerMerged, (e, tx, chunk) =>
        this.recordAndRescore(tx, chunk, e.data.survivorId, () => c.mergeCustomer(tx, e.data.mergedId, e.data.survivorId)),
      ),
    ];
  }

  /**
   * Records what the event says and rescores its customer, both at the end of the chunk. The
   * chunk's signals are written first, in the events' order: touchpoints (most of the events) in
   * one statement per run of them, anything else (a case, a merge that moves the merged customer's
   * rows) on its own in its place, so a chunk leaves what its events one by one would, however a
   * replay cuts the chunks. Then each customer is rescored once for all the chunk's events about it
   * (the score reads every signal recorded so far, so the last rescore is all that stays).
   */
  private recordAndRescore(tx: Transaction, chunk: ChunkScope, customerId: string, ...writes: SignalWrite[]): Promise<void> {
    for (const w of writes)
      chunk.defer('churn-risk signals', w, (all) =>
        inRuns(
          all,
          isTouchpoint,
          (touchpoints) => this.churn.touchpoints(tx, touchpoints),
          (write) => write(),
        ),
      );
    chunk.defer('churn-risk rescore', customerId, (ids) => this.rescore(tx, [...new Set(ids)], new Date()).then(() => undefined));
    return Promise.resolve();
  }

  /**
   * Scores the customers as of `now`, or as of their last score when that is later (a score never
   * goes back in time), stores each score and publishes a crossing of the threshold. Returns how
   * many crossed. The customers' segments follow their new scores in the same transaction.
   */
  async rescore(tx: Transaction, customerIds: readonly string[], now: Date): Promise<number> {
    const previous = await this.churn.lockScores(tx, customerIds);
    const latest = Math.max(now.getTime(), ...[...previous.values()].map((p) => p.scoredAt.getTime()));
    const asOf = new Date(latest);
    const signals = await this.churn.signals(tx, customerIds, asOf);
    // One upsert for all of them: a statement per customer made a run over 100,000 take minutes.
    const scores = [...new Set(customerIds)].map((customerId) => {
      const scored = scoreChurn(signals.get(customerId)!, asOf);
      return { customerId, score: scored.score, atRisk: scored.units >= this.threshold, reasons: scored.reasons };
    });
    await this.churn.saveScores(tx, scores, asOf);
    let crossed = 0;
    for (const { customerId, score, atRisk, reasons } of scores) {
      const was = previous.get(customerId)?.atRisk ?? false;
      if (atRisk === was) continue;
      crossed++;
      const payload = { customerId, score, threshold: shareText(this.threshold), reasons, scoredAt: asOf.toISOString() };
      await this.events.publish(tx, atRisk ? ChurnRiskRaised : ChurnRiskCleared, payload, asOf);
    }
    await this.segments.reevaluate(tx, customerIds);
    return crossed;
  }

  /** Rescores every scored customer as of `now`, a page per transaction; returns how many crossed the threshold. */
  async rescoreAll(now: Date): Promise<number> {
    let after: string | null = null;
    let crossed = 0;
    for (;;) {
      const page: string[] = await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
        const ids = await this.churn.scoredCustomers(tx, after, RESCORE_BATCH);
        if (ids.length) crossed += await this.rescore(tx, ids, now);
        return ids;
      });
      if (page.length < RESCORE_BATCH) return crossed;
      after = page[page.length - 1]!;
    }
  }

  /** For DataLoader: each customer's latest score, null for a customer analytics never scored. */
  async scores(customerIds: readonly string[]): Promise<(ChurnRisk | null)[]> {
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.churn.scores(ids) : [];
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    const threshold = shareText(this.threshold);
    return customerIds.map((id) => {
      const r = byId.get(id);
      return r ? { score: r.score, atRisk: r.at_risk, threshold, scoredAt: r.scored_at, reasons: r.reasons } : null;
    });
  }
}
