import {
  ActivityCompleted,
  ActivityCreated,
  ActivityDeleted,
  ActivityReopened,
  ActivityUpdated,
  CampaignCreated,
  CampaignCreatedV2,
  CampaignMemberChanged,
  CampaignUpdated,
  CampaignUpdatedV2,
  CaseAssigned,
  CaseEscalated,
  CaseOpened,
  CaseSatisfactionSubmitted,
  CaseSlaBreached,
  CaseStatusChanged,
  CaseUpdated,
  CaseUpdatedV2,
  CommissionAccrued,
  CommissionApproved,
  CommissionPaid,
  CommissionReversed,
  CustomerCreated,
  CustomerDeleted,
  CustomerMerged,
  CustomerRestored,
  CustomerUpdated,
  CustomerUpdatedV2,
  EmailClicked,
  EmailOpened,
  EmailSent,
  FormSubmitted,
  LeadCaptured,
  LeadConverted,
  LeadStatusChanged,
  LeadUpdatedV2,
  LoyaltyPointsChanged,
  LoyaltyTierChanged,
  OpportunityCreated,
  OpportunityImported,
  OpportunityLost,
  OpportunityStageChanged,
  OpportunityUpdated,
  OpportunityUpdatedV2,
  OpportunityWon,
  PartnerCreated,
  PartnerStatusChanged,
  PartnerUpdated,
  PartnerUpdatedV2,
  UserActiveChanged,
  UserCreated,
  UserUpdated,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { on, type ChunkScope, type EventHandler, type TypedEvent } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { positionOf } from './event-order';
import { FirstTouchRepository, type FirstTouchKey } from './first-touch.repository';
import { WarehouseRepository, type CustomerAttributes } from './warehouse.repository';

/** What the customer dimension keeps of sales' snapshot of a customer. */
const customerAttributes = (c: PayloadOf<typeof CustomerUpdatedV2>['customer']): CustomerAttributes => ({
  name: c.name,
  kind: c.kind,
  tier: c.tier,
  lifecycleStage: c.lifecycleStage,
  industry: c.industry,
});

/** Whose journey a touch is: the customer's it names, and the lead's when it was sent to a lead. */
const personOf = (m: { customerId: string | null; personKind: string; personId: string }): FirstTouchKey[] => [
  { customerId: m.customerId },
  ...(m.personKind === 'LEAD' ? [{ leadId: m.personId }] : []),
];

/** The event's own time: history imports carry the past time the thing happened. */
const when = (e: { time: string }): Date => new Date(e.time);

/** Which event feeds which fact or dimension of the warehouse, one line per contract. */
@Injectable()
export class WarehouseService {
  constructor(
    private readonly wh: WarehouseRepository,
    private readonly firstTouch: FirstTouchRepository,
  ) {}

  /** After `write`, the opportunities' first touches that its facts may have moved are worked out again (once per chunk). */
  private touching(tx: Transaction, chunk: ChunkScope, keys: FirstTouchKey[], write: Promise<void>): Promise<void> {
    return write.then(() => {
      for (const key of keys) this.firstTouch.moved(tx, chunk, key);
    });
  }

  handlers(): EventHandler[] {
    const wh = this.wh;
    return [
      // Customers: type-2 versions of what the events say a customer is.
      on(CustomerCreated, (e, tx) =>
        wh.customerVersion(tx, e.data.customerId, when(e), {
          name: e.data.name,
          kind: e.data.kind,
          // Older events carry no snapshot, the oldest not even the tier: left out, it stays unknown.
          ...(e.data.customer ? customerAttributes(e.data.customer) : { tier: e.data.tier }),
        }),
      ),
      on(CustomerUpdated, (e, tx) => wh.customerVersion(tx, e.data.customerId, when(e), { name: e.data.name })),
      on(CustomerUpdatedV2, (e, tx) => wh.customerVersion(tx, e.data.customerId, when(e), customerAttributes(e.data.customer))),
      on(CustomerDeleted, (e, tx) => wh.customerVersion(tx, e.data.customerId, when(e), { deleted: true })),
      on(CustomerRestored, (e, tx) => wh.customerVersion(tx, e.data.customerId, when(e), { deleted: false })),
      on(CustomerMerged, (e, tx, chunk) =>
        this.touching(
          tx,
          chunk,
          [{ customerId: e.data.mergedId }, { customerId: e.data.survivorId }],
          wh.mergeCustomer(tx, e.data.mergedId, e.data.survivorId),
        ),
      ),
      // Owners, partners, campaigns.
      on(UserCreated, (e, tx) => wh.owner(tx, e.data)),
      on(UserUpdated, (e, tx) => wh.owner(tx, e.data)),
      on(UserActiveChanged, (e, tx) => wh.ownerActive(tx, e.data.userId, e.data.active)),
      on(PartnerCreated, (e, tx) => wh.partner(tx, e.data)),
      on(PartnerUpdated, (e, tx) => wh.partner(tx, e.data)),
      on(PartnerUpdatedV2, (e, tx) => wh.partner(tx, e.data)),
      on(PartnerStatusChanged, (e, tx) => wh.partnerStatus(tx, e.data.partnerId, e.data.to)),
      on(CampaignCreated, (e, tx) => wh.campaign(tx, { ...e.data, status: e.data.status })),
      on(CampaignUpdated, (e, tx) => wh.campaign(tx, { campaignId: e.data.campaignId, status: e.data.status })),
      on(CampaignCreatedV2, async (e, tx) => {
        await wh.campaign(tx, e.data);
        await wh.campaignParentAndCosts(tx, e.data);
      }),
      on(CampaignUpdatedV2, async (e, tx) => {
        await wh.campaign(tx, e.data);
        await wh.campaignParentAndCosts(tx, e.data);
      }),
      // Opportunities: each stage move, the current state, its lines, the close.
      on(OpportunityCreated, (e, tx, chunk) => this.moved(e, { fromStageId: null, fromStatus: null }, tx, chunk)),
      on(OpportunityUpdated, (e, tx, chunk) => this.updated(e, tx, chunk)),
      on(OpportunityUpdatedV2, (e, tx, chunk) => this.updated(e, tx, chunk)),
      on(OpportunityStageChanged, (e, tx, chunk) => this.moved(e, e.data, tx, chunk)),
      on(OpportunityWon, (e, tx, chunk) => this.close(e, 'WON', tx, chunk)),
      on(OpportunityLost, (e, tx, chunk) => this.close(e, 'LOST', tx, chunk)),
      on(OpportunityImported, async (e, tx, chunk) => {
        const d = e.data;
        await wh.snapshot(tx, d, positionOf(e));
        await wh.lines(tx, d.opportunityId, d.lines, positionOf(e));
        let from: { stageId: string; status: string } | null = null;
        for (const [seq, s] of d.stages.entries()) {
          await wh.stageTransition(tx, chunk, {
            ...d,
            partnerId: null,
            eventId: e.id,
            seq,
            fromStageId: from?.stageId ?? null,
            fromStatus: from?.status ?? null,
            toStageId: s.stageId,
            toStatus: s.status,
            at: new Date(s.at),
          });
          from = s;
        }
        if (d.status !== 'OPEN' && d.closedAt) {
          const closed = positionOf(e, new Date(d.closedAt));
          await wh.closeDeal(tx, chunk, { ...d, partnerId: null, outcome: d.status, reason: d.closeReason }, closed);
        }
        this.firstTouch.moved(tx, chunk, { opportunityId: d.opportunityId });
      }),
      // Service.
      on(CaseOpened, (e, tx, chunk) =>
        wh.caseOpened(tx, chunk, { ...e.data, productId: e.data.productId ?? null, queueId: e.data.queueId ?? null }, when(e)),
      ),
      on(CaseStatusChanged, (e, tx) => wh.caseStatus(tx, e.data.caseId, e.data.to, when(e))),
      on(CaseUpdated, (e, tx) => wh.casePriority(tx, e.data.caseId, e.data.priority)),
      on(CaseUpdatedV2, (e, tx) => wh.casePriority(tx, e.data.caseId, e.data.priority)),
      on(CaseSlaBreached, async (e, tx) => {
        await wh.caseBreached(tx, e.data.caseId, e.data.target);
        await wh.caseQueue(tx, e.data.caseId, e.data.queueId, new Date(e.data.breachedAt));
      }),
      // The queue a case is in: where it was assigned from, or escalated to.
      on(CaseAssigned, (e, tx) => wh.caseQueue(tx, e.data.caseId, e.data.queueId, new Date(e.data.assignedAt))),
      on(CaseEscalated, (e, tx) => wh.caseQueue(tx, e.data.caseId, e.data.queueId, new Date(e.data.escalatedAt))),
      on(CaseSatisfactionSubmitted, (e, tx, chunk) => wh.surveyAnswer(tx, chunk, e.data, new Date(e.data.answeredAt))),
      // Sales activities.
      // Written at the end of the chunk, all its activities in one statement, each activity's events in order.
      on(ActivityCreated, async (e, tx, chunk) => wh.activity(tx, chunk, e.data, when(e))),
      on(ActivityUpdated, async (e, tx, chunk) => wh.activity(tx, chunk, e.data, when(e))),
      on(ActivityCompleted, async (e, tx, chunk) => wh.activityDone(tx, chunk, e.data.activityId, 'completed_at', when(e))),
      on(ActivityReopened, async (e, tx, chunk) => wh.activityDone(tx, chunk, e.data.activityId, 'completed_at', null)),
      on(ActivityDeleted, async (e, tx, chunk) => wh.activityDone(tx, chunk, e.data.activityId, 'deleted_at', when(e))),
      // Marketing.
      on(EmailSent, (e, tx) => wh.email(tx, e.data, 'sent', when(e))),
      on(EmailOpened, (e, tx) => wh.email(tx, e.data, 'opened', when(e))),
      // A click is a touch: of the customer's journey, or of the lead's, which becomes a customer's.
      on(EmailClicked, (e, tx, chunk) => this.touching(tx, chunk, personOf(e.data), wh.email(tx, e.data, 'clicked', when(e)))),
      on(FormSubmitted, (e, tx, chunk) =>
        this.touching(
          tx,
          chunk,
          [{ customerId: e.data.customerId }, { leadId: e.data.leadId }],
          wh.formSubmission(
            tx,
            chunk,
            { ...e.data, utmSource: e.data.utm.source, utmMedium: e.data.utm.medium, scorePoints: e.data.scorePoints },
            when(e),
          ),
        ),
      ),
      // Attribution's touches: campaign membership, the customer a lead became, and the move of a lead to QUALIFIED (an MQL).
      on(CampaignMemberChanged, (e, tx, chunk) => this.touching(tx, chunk, personOf(e.data), wh.campaignMember(tx, e.data, when(e)))),
      // The lead's touches become the customer's (the lead named too, so this waits for a chunk adding one of its touches).
      on(LeadConverted, (e, tx, chunk) =>
        this.touching(
          tx,
          chunk,
          [{ customerId: e.data.customerId }, { leadId: e.data.leadId }],
          wh.leadConverted(tx, e.data.leadId, e.data.customerId, e.data.opportunity?.opportunityId ?? null, positionOf(e)),
        ),
      ),
      // A lead's source, which a deal opened by its conversion is reported by: each capture (again) or edit
      // sets it, and the deal keeps the one set last before the conversion.
      on(LeadCaptured, (e, tx) => wh.leadSource(tx, e.id, e.data.leadId, e.data.source, positionOf(e, new Date(e.data.capturedAt)))),
      on(LeadUpdatedV2, (e, tx) => {
        const source = e.data.changes.find((c) => c.field === 'source')?.new;
        return typeof source === 'string'
          ? wh.leadSource(tx, e.id, e.data.leadId, source, positionOf(e, new Date(e.data.updatedAt)))
          : Promise.resolve();
      }),
      // Loyalty: the ledger's entries, and the tier moves.
      on(LoyaltyPointsChanged, (e, tx, chunk) => wh.loyaltyEntry(tx, chunk, e.data, new Date(e.data.occurredAt))),
      on(LoyaltyTierChanged, (e, tx, chunk) => wh.loyaltyTierChange(tx, chunk, { ...e.data, eventId: e.id }, new Date(e.data.changedAt))),
      on(LeadStatusChanged, (e, tx) =>
        e.data.to === 'QUALIFIED' ? wh.leadQualified(tx, e.data.leadId, e.data.customerId, when(e)) : Promise.resolve(),
      ),
      // Partners.
      on(CommissionAccrued, (e, tx) => wh.commission(tx, e.data, 'ACCRUED', when(e))),
      on(CommissionApproved, (e, tx) => wh.commission(tx, e.data, 'APPROVED', when(e))),
      on(CommissionPaid, (e, tx) => wh.commission(tx, e.data, 'PAID', when(e))),
      on(CommissionReversed, (e, tx) => wh.commission(tx, e.data, 'REVERSED', when(e))),
    ];
  }

  /** The opportunity entered its stage: a transition from `from` (nothing, for a new one) and its new state. */
  private async moved(
    e: TypedEvent<typeof OpportunityCreated | typeof OpportunityStageChanged>,
    from: { fromStageId: string | null; fromStatus: string | null },
    tx: Transaction,
    chunk: ChunkScope,
  ): Promise<void> {
    const d = e.data;
    await this.wh.snapshot(tx, d, positionOf(e));
    await this.wh.stageTransition(tx, chunk, {
      ...d,
      ...from,
      eventId: e.id,
      seq: 0,
      toStageId: d.stageId,
      toStatus: d.status,
      at: when(e),
    });
    // Its customer, or its creation (the first transition), may have moved.
    this.firstTouch.moved(tx, chunk, { opportunityId: d.opportunityId });
  }

  /** A deal's new state, and its lines when they changed; v2 carries what v1 does. */
  private async updated(
    e: TypedEvent<typeof OpportunityUpdated | typeof OpportunityUpdatedV2>,
    tx: Transaction,
    chunk: ChunkScope,
  ): Promise<void> {
    await this.wh.snapshot(tx, e.data, positionOf(e));
    if (e.data.lines) await this.wh.lines(tx, e.data.opportunityId, e.data.lines, positionOf(e));
    this.firstTouch.moved(tx, chunk, { opportunityId: e.data.opportunityId });
  }

  private async close(
    e: TypedEvent<typeof OpportunityWon | typeof OpportunityLost>,
    outcome: 'WON' | 'LOST',
    tx: Transaction,
    chunk: ChunkScope,
  ): Promise<void> {
    await this.wh.snapshot(tx, e.data, positionOf(e));
    await this.wh.closeDeal(tx, chunk, { ...e.data, outcome }, positionOf(e));
    this.firstTouch.moved(tx, chunk, { opportunityId: e.data.opportunityId });
  }
}

/** The contracts the warehouse is built from (building the handlers touches no repository, so none is needed to list them). */
export const WAREHOUSE_CONTRACTS: EventContract[] = new WarehouseService(null as never, null as never).handlers().map((h) => h.contract);
