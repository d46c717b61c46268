import { scopedPartnerId, type Identity } from '@crm/auth';
import {
  CommissionAccrued,
  CommissionApproved,
  CommissionPaid,
  CommissionReversed,
  type PayloadOf,
  type OpportunityWon,
} from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CustomerAliasRepository } from '../customer-merges/customer-alias.repository';
import { asNumeric4, commissionAmount } from './commission-amount';
import { CommissionPlanRepository } from './commission-plan.repository';
import type { CommissionEntity } from './commission.entity';
import { CommissionStatus } from './commission.enums';
import type { CommissionStatementArgs, CommissionsArgs } from './commission.input';
import { COMMISSION_CURSORS, CommissionRepository, type StatementRow } from './commission.repository';

/** What sales' won and lost events carry that a commission needs. */
type ClosedOpportunity = Pick<PayloadOf<typeof OpportunityWon>, 'opportunityId' | 'customerId' | 'partnerId' | 'amount' | 'closedAt'>;

/** A status a channel manager moves a commission to, from the only status it may come from. */
const TRANSITIONS = {
  approve: { from: CommissionStatus.ACCRUED, to: CommissionStatus.APPROVED },
  pay: { from: CommissionStatus.APPROVED, to: CommissionStatus.PAID },
} as const;

/**
 * Commissions: accrued from sales' won opportunities with a partner, reversed when one is lost
 * after it was won, approved and paid by the channel team; a partner reads only its own.
 */
@Injectable()
export class CommissionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly commissions: CommissionRepository,
    private readonly plans: CommissionPlanRepository,
    private readonly events: EventPublisher,
    private readonly aliases: CustomerAliasRepository,
  ) {}

  /**
   * Prices a won opportunity with the plan in effect when it was won, once: the opportunity's
   * commission is unique, so a won event that comes twice (or a second win without a loss between)
   * records nothing more. A reversed one is accrued again when the opportunity is won again. A win
   * about a customer merged away since it was published counts for the survivor.
   */
  async accrue(tx: Transaction, won: ClosedOpportunity): Promise<void> {
    if (!won.partnerId) return;
    // First, before any row lock: the customer's lock is the one a merge takes before its rows'.
    const customerId = await this.aliases.current(tx, won.customerId);
    const context = await this.commissions.context(tx, won.partnerId, won.opportunityId);
    if (!context) return; // A partner id this service does not have: nothing to pay anyone.
    const closedAt = new Date(won.closedAt);
    const base = asNumeric4(won.amount.amount);
    const rate = await this.plans.applicable(tx, closedAt, context.tier, context.productId, base);
    if (!rate) return;
    const existing = await this.commissions.findByOpportunityForUpdate(tx, won.opportunityId);
    if (existing && existing.status !== CommissionStatus.REVERSED) return;
    const c: CommissionEntity = {
      id: existing?.id ?? randomUUID(),
      partnerId: won.partnerId,
      opportunityId: won.opportunityId,
      customerId,
      registrationId: context.registrationId,
      planId: rate.planId,
      ratePercent: rate.ratePercent,
      baseAmount: base,
      amount: commissionAmount(base, rate.ratePercent),
      currency: won.amount.currency,
      status: CommissionStatus.ACCRUED,
      period: won.closedAt.slice(0, 7),
      accruedAt: closedAt,
      approvedBy: null,
      approvedAt: null,
      paidBy: null,
      paidAt: null,
      reversedAt: null,
    };
    if (existing) await this.commissions.save(tx, c);
    else if (!(await this.commissions.insertOnce(tx, c))) return;
    await this.events.publish(tx, CommissionAccrued, {
      ...this.payload(c),
      planId: c.planId,
      ratePercent: c.ratePercent,
      base: { amount: c.baseAmount, currency: c.currency },
      period: c.period,
      accruedAt: closedAt.toISOString(),
    });
  }

  /** A lost opportunity that had been won (and reopened) takes its commission back, whatever its status. */
  async reverse(tx: Transaction, lost: ClosedOpportunity): Promise<void> {
    const c = await this.commissions.findByOpportunityForUpdate(tx, lost.opportunityId);
    if (!c || c.status === CommissionStatus.REVERSED) return;
    const wasStatus = c.status;
    Object.assign(c, { status: CommissionStatus.REVERSED, reversedAt: new Date(lost.closedAt) });
    await this.commissions.save(tx, c);
    await this.events.publish(tx, CommissionReversed, { ...this.payload(c), wasStatus, reversedAt: lost.closedAt });
  }

  approve(caller: Identity, id: string): Promise<CommissionEntity> {
    return this.move(caller, id, 'approve', async (tx, c, now) => {
      Object.assign(c, { approvedBy: caller.userId, approvedAt: now });
      await this.commissions.save(tx, c);
      await this.events.publish(tx, CommissionApproved, { ...this.payload(c), approvedBy: caller.userId, approvedAt: now.toISOString() });
    });
  }

  pay(caller: Identity, id: string): Promise<CommissionEntity> {
    return this.move(caller, id, 'pay', async (tx, c, now) => {
      Object.assign(c, { paidBy: caller.userId, paidAt: now });
      await this.commissions.save(tx, c);
      await this.events.publish(tx, CommissionPaid, { ...this.payload(c), paidBy: caller.userId, paidAt: now.toISOString() });
    });
  }

  /** Locks the commission and moves it; any other status is BAD_USER_INPUT on id, naming it. */
  private move(
    caller: Identity,
    id: string,
    action: keyof typeof TRANSITIONS,
    apply: (tx: Transaction, c: CommissionEntity, now: Date) => Promise<void>,
  ): Promise<CommissionEntity> {
    const { from, to } = TRANSITIONS[action];
    return this.uow.run(caller, async (tx) => {
      const c = await this.commissions.findForUpdate(tx, id);
      if (!c) throw new NotFoundError('Commission', id);
      if (c.status !== from) throw new InvalidError('id', `the commission is ${c.status}; only an ${from} commission can be ${to}`);
      c.status = to;
      await apply(tx, c, new Date());
      return c;
    });
  }

  private payload(c: CommissionEntity) {
    return {
      commissionId: c.id,
      partnerId: c.partnerId,
      opportunityId: c.opportunityId,
      customerId: c.customerId,
      amount: { amount: c.amount, currency: c.currency },
    };
  }

  /** For DataLoader: in the order of `ids`, null where there is none (or it is another partner's). */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(CommissionEntity | null)[]> {
    const rows = await this.uow.run(caller, (tx) => this.commissions.findByIds(tx, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(caller: Identity, args: CommissionsArgs): Promise<ConnectionShape<CommissionEntity>> {
    const size = pageSize(args.first);
    const after = args.after ? COMMISSION_CURSORS.decode('ACCRUED_AT_DESC', args.after) : null;
    const rows = await this.uow.run(caller, (tx) => this.commissions.page(tx, args.filter ?? {}, after, size + 1));
    return toConnection(
      rows,
      size,
      (r) => COMMISSION_CURSORS.encode('ACCRUED_AT_DESC', r),
      (r) => r,
    );
  }

  /** The partner's totals for the period; null for a partner that does not exist or is not the caller's own. */
  statement(caller: Identity, args: CommissionStatementArgs): Promise<StatementRow[] | null> {
    const own = scopedPartnerId(caller);
    if (own && own !== args.partnerId) return Promise.resolve(null);
    return this.uow.run(caller, async (tx) =>
      (await this.commissions.partnerExists(tx, args.partnerId)) ? this.commissions.statement(tx, args.partnerId, args.period) : null,
    );
  }
}
