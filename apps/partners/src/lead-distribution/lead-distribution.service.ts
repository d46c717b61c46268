import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import {
  LeadOfferAccepted,
  LeadOfferDeclined,
  LeadOffered,
  LeadOfferExpired,
  type LeadRoutedToPartners,
  type PayloadOf,
} from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CustomerAliasRepository } from '../customer-merges/customer-alias.repository';
import type { DistributedLeadEntity } from './distributed-lead.entity';
import { DistributedLeadStatus, LeadOfferStatus } from './lead-distribution.enums';
import type { AcceptLeadOfferInput, DeclineLeadOfferInput, LeadOffersArgs, ReofferLeadInput } from './lead-offer.input';
import type { LeadOfferEntity } from './lead-offer.entity';
import { LEAD_OFFER_CURSORS, LeadOfferRepository } from './lead-offer.repository';
import type { ConnectionShape } from '@crm/graphql';

/** Offers expired (or leads routed) per transaction: few locks held, a backlog still drains quickly. */
const BATCH = 100;

const refOf = (o: LeadOfferEntity, lead: DistributedLeadEntity) => ({
  offerId: o.id,
  leadId: o.leadId,
  partnerId: o.partnerId,
  customerId: lead.customerId,
  company: lead.company,
});

/**
 * Offers routed leads to one partner at a time. A partner accepts (the lead is its own in
 * marketing), declines, or lets the time run out; a declined or expired lead goes to the next
 * eligible partner, never back to one it was offered to. Choosing a partner reads every
 * partner's offers, so it runs as the system: in the consumer and the job, and after a partner's
 * decline has committed (the job picks up a lead left ROUTING if that step did not happen).
 */
@Injectable()
export class LeadDistributionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly offers: LeadOfferRepository,
    private readonly events: EventPublisher,
    private readonly aliases: CustomerAliasRepository,
  ) {}

  /**
   * Applies marketing's routing event (in the consumer's system transaction): records the lead and
   * offers it. A lead of a customer sales merged away since the event was published (still in flight
   * on its topic) is recorded on the survivor, read under the customer's lock as every writer does.
   */
  async route(tx: Transaction, d: PayloadOf<typeof LeadRoutedToPartners>): Promise<void> {
    const lead: DistributedLeadEntity = {
      leadId: d.leadId,
      customerId: d.customerId === null ? null : await this.aliases.current(tx, d.customerId),
      company: d.company,
      country: d.country,
      region: d.region,
      productId: d.productId,
      industry: d.industry,
      employeeCount: d.employeeCount,
      status: DistributedLeadStatus.ROUTING,
      partnerId: null,
      routedAt: new Date(d.routedAt),
    };
    if (await this.offers.insertLead(tx, lead)) await this.offerNext(tx, lead, new Date());
  }

  /** Offers the lead to the next eligible partner, or marks it UNASSIGNED when none is left. Needs the system's view of every partner. */
  private async offerNext(tx: Transaction, lead: DistributedLeadEntity, now: Date): Promise<LeadOfferEntity | null> {
    await this.offers.lockDistribution(tx);
    const next = await this.offers.nextPartner(tx, lead.leadId, now);
    if (!next) {
      await this.offers.saveLead(tx, { ...lead, status: DistributedLeadStatus.UNASSIGNED });
      return null;
    }
    const offer: LeadOfferEntity = {
      id: randomUUID(),
      leadId: lead.leadId,
      partnerId: next.partnerId,
      ruleId: next.ruleId,
      status: LeadOfferStatus.PENDING,
      offeredAt: now,
      expiresAt: new Date(now.getTime() + next.acceptWithinSeconds * 1000),
      decidedAt: null,
      decidedBy: null,
      declineReason: null,
    };
    await this.offers.insertOffer(tx, offer);
    await this.offers.saveLead(tx, { ...lead, status: DistributedLeadStatus.OFFERED });
    await this.events.publish(tx, LeadOffered, {
      ...refOf(offer, lead),
      ruleId: offer.ruleId,
      offeredAt: now.toISOString(),
      expiresAt: offer.expiresAt.toISOString(),
    });
    return offer;
  }

  /** The partner takes the lead: marketing then lets that partner (and no other) read it. */
  accept(caller: Identity, input: AcceptLeadOfferInput): Promise<LeadOfferEntity> {
    return this.uow.run(caller, async (tx) => {
      const now = new Date();
      const { offer, lead } = await this.answerable(tx, input.id, 'accepted', now);
      Object.assign(offer, { status: LeadOfferStatus.ACCEPTED, decidedAt: now, decidedBy: caller.userId });
      await this.offers.saveOffer(tx, offer);
      await this.offers.saveLead(tx, { ...lead, status: DistributedLeadStatus.ACCEPTED, partnerId: offer.partnerId });
      await this.events.publish(tx, LeadOfferAccepted, { ...refOf(offer, lead), acceptedBy: caller.userId, acceptedAt: now.toISOString() });
      return { ...offer, lead: { ...lead, status: DistributedLeadStatus.ACCEPTED, partnerId: offer.partnerId } };
    });
  }

  /** The partner turns the lead down; it goes to the next eligible partner once this commits. */
  async decline(caller: Identity, input: DeclineLeadOfferInput): Promise<LeadOfferEntity> {
    const declined = await this.uow.run(caller, async (tx) => {
      const now = new Date();
      const { offer, lead } = await this.answerable(tx, input.id, 'declined', now);
      Object.assign(offer, {
        status: LeadOfferStatus.DECLINED,
        decidedAt: now,
        decidedBy: caller.userId,
        declineReason: input.reason ?? null,
      });
      await this.offers.saveOffer(tx, offer);
      await this.offers.saveLead(tx, { ...lead, status: DistributedLeadStatus.ROUTING });
      await this.events.publish(tx, LeadOfferDeclined, {
        ...refOf(offer, lead),
        reason: offer.declineReason,
        declinedAt: now.toISOString(),
      });
      return { ...offer, lead };
    });
    await this.distributeWaiting(SYSTEM_IDENTITY, new Date());
    return declined;
  }

  /**
   * The channel team offers an UNASSIGNED lead again, to the next partner the rules allow that was
   * never offered it (a partner added or activated, capacity freed). None left is BAD_USER_INPUT
   * on leadId, with nothing written.
   */
  reoffer(caller: Identity, input: ReofferLeadInput): Promise<LeadOfferEntity> {
    return this.uow.run(caller, async (tx) => {
      const lead = await this.offers.findLeadForUpdate(tx, input.leadId);
      if (!lead) throw new NotFoundError('Lead', input.leadId, 'leadId');
      if (lead.status !== DistributedLeadStatus.UNASSIGNED) {
        throw new InvalidError('leadId', `the lead is ${lead.status}; only an UNASSIGNED lead can be offered again`);
      }
      const offer = await this.offerNext(tx, lead, new Date());
      if (!offer) throw new InvalidError('leadId', 'no partner the rules allow is left to offer the lead to');
      return { ...offer, lead: { ...lead, status: DistributedLeadStatus.OFFERED } };
    });
  }

  /**
   * A rule added or turned on may take leads no partner was left for: those go back to waiting
   * (in the rule's transaction), and are offered once it commits (`distributeWaiting`).
   */
  retryUnassigned(tx: Transaction, ruleId: string): Promise<number> {
    return this.offers.retryUnassigned(tx, ruleId);
  }

  /** The caller's PENDING offer, locked, still in time; anything else is refused on id, naming why. */
  private async answerable(
    tx: Transaction,
    id: string,
    answer: string,
    now: Date,
  ): Promise<{ offer: LeadOfferEntity; lead: DistributedLeadEntity }> {
    const offer = await this.offers.findForUpdate(tx, id);
    if (!offer) throw new NotFoundError('LeadOffer', id, 'id');
    if (offer.status !== LeadOfferStatus.PENDING) {
      throw new InvalidError('id', `the offer is ${offer.status}; only a PENDING offer can be ${answer}`);
    }
    if (offer.expiresAt <= now) throw new InvalidError('id', `the offer expired at ${offer.expiresAt.toISOString()}`);
    const lead = await this.offers.findLead(tx, offer.leadId);
    if (!lead) throw new NotFoundError('LeadOffer', id, 'id');
    return { offer, lead };
  }

  /**
   * Expires PENDING offers past their time at `now` and offers each lead to the next partner, in
   * the same transaction; idempotent: an offer leaves PENDING once, under its row lock.
   */
  async expireDue(caller: Identity, now: Date): Promise<number> {
    let expired = 0;
    for (;;) {
      const n = await this.uow.run(caller, async (tx) => {
        const due = await this.offers.lockExpirable(tx, now, BATCH);
        for (const offer of due) {
          const lead = offer.lead!;
          await this.offers.saveOffer(tx, { ...offer, lead: undefined, status: LeadOfferStatus.EXPIRED, decidedAt: now });
          await this.events.publish(tx, LeadOfferExpired, { ...refOf(offer, lead), expiredAt: now.toISOString() });
          await this.offerNext(tx, lead, now);
        }
        return due.length;
      });
      expired += n;
      if (n < BATCH) return expired;
    }
  }

  /** Offers every lead left ROUTING (declined, or a decline whose next offer did not happen) to its next partner. */
  async distributeWaiting(caller: Identity, now: Date): Promise<number> {
    return this.uow.run(caller, async (tx) => {
      const waiting = await this.offers.lockWaiting(tx, BATCH);
      for (const lead of waiting) await this.offerNext(tx, lead, now);
      return waiting.length;
    });
  }

  /** For DataLoader: in the order of `ids`, null where there is none (or it is another partner's). */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(LeadOfferEntity | null)[]> {
    const rows = await this.uow.run(caller, (tx) => this.offers.findByIds(tx, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  page(caller: Identity, args: LeadOffersArgs): Promise<ConnectionShape<LeadOfferEntity>> {
    return this.uow.run(caller, (tx) =>
      LEAD_OFFER_CURSORS.page({ first: args.first, after: args.after, sort: 'OFFERED_AT_DESC' }, ({ after, limit }) =>
        this.offers.page(tx, args.status, after, limit),
      ),
    );
  }
}
