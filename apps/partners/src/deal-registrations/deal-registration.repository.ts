import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { Any, type Repository } from 'typeorm';
import { DealRegistrationEntity } from './deal-registration.entity';
import { DealRegistrationStatus } from './deal-registration.enums';
import { ProtectedDomainEntity } from './protected-domain.entity';

/** Newest first: (submittedAt, id). */
export const DEAL_REGISTRATION_CURSORS = new KeysetCursors('dealRegistrations', {
  SUBMITTED_AT_DESC: { submittedAt: 'timestamp', id: 'uuid' },
});

export type DealRegistrationKeyset = KeysetOf<typeof DEAL_REGISTRATION_CURSORS.sorts, 'SUBMITTED_AT_DESC'>;

/** A sales opportunity's status → its registration's. */
const OUTCOMES: Record<string, DealRegistrationStatus | undefined> = {
  OPEN: DealRegistrationStatus.APPROVED,
  WON: DealRegistrationStatus.WON,
  LOST: DealRegistrationStatus.LOST,
};

/** The statuses a registration has while it follows its opportunity. */
const FOLLOWING = [DealRegistrationStatus.APPROVED, DealRegistrationStatus.WON, DealRegistrationStatus.LOST];

type FollowingStatus = 'APPROVED' | 'WON' | 'LOST';

/** A registration that followed its opportunity to another status. */
export interface RegistrationMove {
  registrationId: string;
  partnerId: string;
  customerId: string;
  opportunityId: string;
  companyName: string;
  from: FollowingStatus;
  to: FollowingStatus;
}

/**
 * Deal registrations, filtered by the caller's partner here and by row-level security; and the
 * domains they protect, which the conflict check reads across partners.
 */
@Injectable()
export class DealRegistrationRepository {
  private on(tx: Transaction): Repository<DealRegistrationEntity> {
    return tx.manager.getRepository(DealRegistrationEntity);
  }

  /**
   * Serialises registrations of one domain until the transaction ends, so two partners racing for
   * it cannot both pass the check (a transaction-scoped advisory lock on the domain's hash).
   */
  async lockDomain(tx: Transaction, domain: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('deal-registration:' || $1, 0))`, [domain]);
  }

  /** Whether a partner other than `partnerId` holds the domain's protection at `at`. */
  async isProtectedForAnother(tx: Transaction, domain: string, partnerId: string, at: Date): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      'SELECT 1 FROM protected_domain WHERE domain = $1 AND partner_id <> $2 AND protected_until > $3 LIMIT 1',
      [domain, partnerId, at],
    );
    return rows.length > 0;
  }

  async protect(tx: Transaction, p: ProtectedDomainEntity): Promise<void> {
    await tx.manager.query(
      `INSERT INTO protected_domain (registration_id, domain, partner_id, protected_until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (registration_id) DO UPDATE SET protected_until = EXCLUDED.protected_until`,
      [p.registrationId, p.domain, p.partnerId, p.protectedUntil],
    );
  }

  async unprotect(tx: Transaction, registrationId: string): Promise<void> {
    await tx.manager.query('DELETE FROM protected_domain WHERE registration_id = $1', [registrationId]);
  }

  async insert(tx: Transaction, r: DealRegistrationEntity): Promise<void> {
    await this.on(tx).insert(r);
  }

  async save(tx: Transaction, r: DealRegistrationEntity): Promise<void> {
    await this.on(tx).save(r);
  }

  /** The registration, locked until the transaction ends, so two decisions on it apply one after the other. */
  findForUpdate(tx: Transaction, id: string): Promise<DealRegistrationEntity | null> {
    const partnerId = scopedPartnerId(tx.caller);
    return this.on(tx).findOne({ where: partnerId ? { id, partnerId } : { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * APPROVED registrations past their protection expiry at `now`, oldest first, locked; rows another
   * run has locked are skipped, so two instances of the expiry job never expire one twice.
   */
  lockExpirable(tx: Transaction, now: Date, limit: number): Promise<DealRegistrationEntity[]> {
    return this.on(tx)
      .createQueryBuilder('r')
      .where('r.status = :status', { status: DealRegistrationStatus.APPROVED })
      .andWhere('r.protectionExpiresAt <= :now', { now })
      .orderBy('r.protectionExpiresAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /**
   * The registration behind a sales opportunity follows it: WON, LOST, or APPROVED again when it is
   * reopened. An EXPIRED (or never approved) registration keeps its status. Answers the registrations
   * that moved, with the status they left, so each move is published once: a repeated event moves
   * nothing.
   */
  async recordOutcome(tx: Transaction, opportunityId: string, opportunityStatus: string): Promise<RegistrationMove[]> {
    const status = OUTCOMES[opportunityStatus];
    if (!status) return [];
    // TypeORM answers an UPDATE ... RETURNING as [rows, affectedCount].
    const [rows] = await tx.manager.query<[RegistrationMove[], number]>(
      `UPDATE deal_registration r SET status = $2
       FROM (SELECT id, status FROM deal_registration WHERE opportunity_id = $1 AND status = ANY($3) AND status <> $2 FOR UPDATE) before
       WHERE r.id = before.id
       RETURNING r.id AS "registrationId", r.partner_id AS "partnerId", r.customer_id AS "customerId",
                 r.opportunity_id AS "opportunityId", r.company_name AS "companyName", before.status AS "from", r.status AS "to"`,
      [opportunityId, status, FOLLOWING],
    );
    return rows;
  }

  findByIds(tx: Transaction, ids: readonly string[]): Promise<DealRegistrationEntity[]> {
    const partnerId = scopedPartnerId(tx.caller);
    return this.on(tx).findBy(partnerId ? { id: Any([...ids]), partnerId } : { id: Any([...ids]) });
  }

  /** One keyset page, newest first. */
  page(tx: Transaction, after: DealRegistrationKeyset | null, limit: number): Promise<DealRegistrationEntity[]> {
    const qb = this.on(tx).createQueryBuilder('r');
    const partnerId = scopedPartnerId(tx.caller);
    if (partnerId) qb.andWhere('r.partnerId = :partnerId', { partnerId });
    if (after) qb.andWhere('(r.submittedAt, r.id) < (:t, :id)', { t: after.submittedAt, id: after.id });
    return qb.orderBy('r.submittedAt', 'DESC').addOrderBy('r.id', 'DESC').limit(limit).getMany();
  }
}
