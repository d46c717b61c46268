import { randomUUID } from 'node:crypto';
import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import { LoyaltyPointsChanged, LoyaltyTierChanged, type CampaignMemberChanged, type OpportunityWon, type PayloadOf } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, InvalidError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { CustomerReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import type { LoyaltyAccountEntity } from './loyalty-account.entity';
import type { LoyaltyEntryEntity } from './loyalty-entry.entity';
import { pointsForRevenue, tierFor } from './loyalty-points';
import type { LoyaltyProgrammeEntity } from './loyalty-programme.entity';
import type { LoyaltyPointsInput, SetLoyaltyProgrammeInput } from './loyalty.input';
import { LoyaltyRepository, PROGRAMME_ID } from './loyalty.repository';

const DAY_MS = 86_400_000;
/** Customers expired per transaction by the expiry job. */
const EXPIRY_BATCH = 200;
export const LOYALTY_ENTRIES_SHOWN = 50;

type Line = Pick<LoyaltyEntryEntity, 'kind' | 'points' | 'sourceKey' | 'reason' | 'createdBy'>;

export interface CustomerLoyaltyFigures {
  account: LoyaltyAccountEntity | null;
  periodPoints: number;
  entries: LoyaltyEntryEntity[];
}

const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * DAY_MS);

/**
 * The loyalty programme: points earned from won deals, attended events and manual awards, spent by
 * redemptions, expiring oldest first after the programme's age. Every change is one ledger line
 * (append-only) with the balance kept beside it under the account's row lock, so the ledger sums to
 * the balance and a redemption can never overdraw it; a tier is the points earned over the rolling
 * period, and a move is an event.
 */
@Injectable()
export class LoyaltyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly loyalty: LoyaltyRepository,
    private readonly events: EventPublisher,
    private readonly customers: CustomerReferences,
  ) {}

  programme(): Promise<LoyaltyProgrammeEntity | null> {
    return this.loyalty.programme();
  }

  async setProgramme(caller: Identity, input: SetLoyaltyProgrammeInput): Promise<LoyaltyProgrammeEntity> {
    const tiers = [...input.tiers].sort((a, b) => a.threshold - b.threshold);
    for (let i = 1; i < tiers.length; i++)
      if (tiers[i]!.threshold === tiers[i - 1]!.threshold)
        throw new InvalidError('tiers', `two tiers have the threshold ${tiers[i]!.threshold}`);
    const names = new Set(tiers.map((t) => t.name.toLowerCase()));
    if (names.size !== tiers.length) throw new InvalidError('tiers', 'two tiers have the same name');
    if (input.revenuePerPoint.amount.startsWith('-') || !/[1-9]/.test(input.revenuePerPoint.amount))
      throw new InvalidError('revenuePerPoint.amount', 'must be more than 0');
    const programme: LoyaltyProgrammeEntity = {
      id: PROGRAMME_ID,
      name: input.name,
      tiers: tiers.map((t) => ({ name: t.name, threshold: t.threshold })),
      currency: input.revenuePerPoint.currency.toUpperCase(),
      revenuePerPoint: input.revenuePerPoint.amount,
      pointsPerAttendance: input.pointsPerAttendance,
      tierPeriodDays: input.tierPeriodDays,
      expiryDays: input.expiryDays,
      updatedAt: new Date(),
    };
    await this.uow.run(caller, (tx) => this.loyalty.saveProgramme(tx, programme));
    return programme;
  }

  /** Points given by hand. The customer must exist in sales. */
  async award(caller: Identity, input: LoyaltyPointsInput, credential: CallerCredential): Promise<LoyaltyAccountEntity> {
    const customerId = await this.customers.resolve(input.customerId, 'customerId', credential);
    return this.uow.run(caller, async (tx) =>
      this.post(tx, await this.requireProgramme(tx), customerId, new Date(), {
        kind: 'AWARD',
        points: input.points,
        sourceKey: null,
        reason: input.reason,
        createdBy: caller.userId,
      }),
    );
  }

  /** Spends points; more than the balance (after expiry) is refused, naming the balance, and nothing is written. */
  async redeem(caller: Identity, input: LoyaltyPointsInput, credential: CallerCredential): Promise<LoyaltyAccountEntity> {
    const customerId = await this.customers.resolve(input.customerId, 'customerId', credential);
    return this.uow.run(caller, async (tx) =>
      this.post(tx, await this.requireProgramme(tx), customerId, new Date(), {
        kind: 'REDEMPTION',
        points: -input.points,
        sourceKey: null,
        reason: input.reason,
        createdBy: caller.userId,
      }),
    );
  }

  /** A deal was won: its revenue in the programme's currency earns points, once per deal. */
  async earnFromWin(tx: Transaction, won: PayloadOf<typeof OpportunityWon>): Promise<void> {
    const programme = await this.loyalty.programme(tx);
    if (!programme || won.amount.currency !== programme.currency) return;
    const points = pointsForRevenue(won.amount.amount, programme.revenuePerPoint);
    if (!points) return;
    await this.post(tx, programme, won.customerId, new Date(won.closedAt), {
      kind: 'WON_REVENUE',
      points,
      sourceKey: `won:${won.opportunityId}`,
      reason: won.name,
      createdBy: null,
    });
  }

  /** A customer's contact attended an event or webinar campaign: points once per campaign and person. */
  async earnFromAttendance(tx: Transaction, change: PayloadOf<typeof CampaignMemberChanged>): Promise<void> {
    if (change.to !== 'ATTENDED' || !change.customerId) return;
    const programme = await this.loyalty.programme(tx);
    if (!programme?.pointsPerAttendance) return;
    await this.post(tx, programme, change.customerId, new Date(change.changedAt), {
      kind: 'EVENT_ATTENDED',
      points: programme.pointsPerAttendance,
      sourceKey: `attended:${change.campaignId}:${change.personId}`,
      reason: change.campaignName,
      createdBy: null,
    });
  }

  /** Expires what is older than the programme's age for every customer: a batch of customers per transaction. */
  async expireAll(now: Date): Promise<number> {
    const programme = await this.loyalty.programme();
    if (!programme) return 0;
    let expired = 0;
    for (let after: string | null = null; ;) {
      const ids = await this.loyalty.withExpirable(daysBefore(now, programme.expiryDays), after, EXPIRY_BATCH);
      if (!ids.length) return expired;
      await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
        for (const id of ids) await this.post(tx, programme, id, now, null, now);
      });
      expired += ids.length;
      after = ids[ids.length - 1]!;
    }
  }

  async loyaltyOf(
    customerIds: readonly string[],
  ): Promise<{ programme: LoyaltyProgrammeEntity | null; figures: CustomerLoyaltyFigures[] }> {
    const programme = await this.loyalty.programme();
    if (!programme) return { programme, figures: customerIds.map(() => ({ account: null, periodPoints: 0, entries: [] })) };
    const [accounts, period, entries] = await Promise.all([
      this.loyalty.accountsOf(customerIds),
      this.loyalty.earnedSince(customerIds, daysBefore(new Date(), programme.tierPeriodDays)),
      this.loyalty.newestEntries(customerIds, LOYALTY_ENTRIES_SHOWN),
    ]);
    const byId = new Map(accounts.map((a) => [a.customerId, a]));
    return {
      programme,
      figures: customerIds.map((id) => ({
        account: byId.get(id) ?? null,
        periodPoints: period.get(id) ?? 0,
        entries: entries.filter((e) => e.customerId === id),
      })),
    };
  }

  private async requireProgramme(tx: Transaction): Promise<LoyaltyProgrammeEntity> {
    const programme = await this.loyalty.programme(tx);
    if (!programme) throw new ConflictError(undefined, 'there is no loyalty programme yet: set one with setLoyaltyProgramme');
    return programme;
  }

  /**
   * Writes a customer's lines under its account lock: first the expiry of points past the
   * programme's age (so nothing spends expired points), then `line`. Each line publishes its event
   * with the balance after it; a tier moved by them publishes one more.
   */
  private async post(
    tx: Transaction,
    programme: LoyaltyProgrammeEntity,
    customerId: string,
    at: Date,
    line: Line | null,
    now = new Date(),
  ): Promise<LoyaltyAccountEntity> {
    const account = await this.loyalty.lockAccount(tx, customerId, now);
    const expired = await this.loyalty.expirable(tx, customerId, daysBefore(now, programme.expiryDays));
    const lines: Line[] = expired
      ? [{ kind: 'EXPIRY', points: -expired, sourceKey: null, reason: `older than ${programme.expiryDays} days`, createdBy: null }]
      : [];
    if (line) {
      const available = account.balance - expired;
      if (line.points < 0 && available + line.points < 0)
        throw new InvalidError('points', `${-line.points} is more than the balance of ${available} points`);
      lines.push(line);
    }
    let balance = account.balance;
    for (const l of lines) {
      const entry: LoyaltyEntryEntity = { id: randomUUID(), customerId, ...l, occurredAt: l.kind === 'EXPIRY' ? now : at };
      if (!(await this.loyalty.append(tx, entry))) continue; // earned by this source before
      balance += entry.points;
      await this.events.publish(tx, LoyaltyPointsChanged, {
        entryId: entry.id,
        customerId,
        kind: entry.kind,
        points: entry.points,
        balance,
        reason: entry.reason,
        occurredAt: entry.occurredAt.toISOString(),
      });
    }
    const periodPoints = (await this.loyalty.earnedSince([customerId], daysBefore(now, programme.tierPeriodDays), tx)).get(customerId) ?? 0;
    const tier = tierFor(programme.tiers, periodPoints).tier?.name ?? null;
    if (tier !== account.tier)
      await this.events.publish(tx, LoyaltyTierChanged, {
        customerId,
        from: account.tier,
        to: tier,
        periodPoints,
        changedAt: now.toISOString(),
      });
    const next: LoyaltyAccountEntity = { customerId, balance, tier, updatedAt: now };
    await this.loyalty.saveAccount(tx, next);
    return next;
  }
}
