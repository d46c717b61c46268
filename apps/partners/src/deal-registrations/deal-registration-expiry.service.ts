import type { Identity } from '@crm/auth';
import { DealRegistrationExpired } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { DealRegistrationStatus } from './deal-registration.enums';
import { DealRegistrationRepository } from './deal-registration.repository';

/** Registrations expired per transaction: small enough to hold few locks, large enough to drain a backlog quickly. */
const EXPIRY_BATCH = 100;

/**
 * Expires APPROVED registrations whose opportunity was not won by their protection expiry (a won
 * one is WON, so it is not APPROVED any more): the partner sees EXPIRED and the event, and the
 * domain is free for others. Idempotent: a registration leaves APPROVED once, under its row lock.
 */
@Injectable()
export class DealRegistrationExpiryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly registrations: DealRegistrationRepository,
    private readonly events: EventPublisher,
  ) {}

  /** Expires everything due at `now`, a batch per transaction; the number expired. */
  async expireDue(caller: Identity, now: Date): Promise<number> {
    let expired = 0;
    for (;;) {
      const n = await this.uow.run(caller, async (tx) => {
        const due = await this.registrations.lockExpirable(tx, now, EXPIRY_BATCH);
        for (const r of due) {
          const protectionExpiredAt = r.protectionExpiresAt!;
          Object.assign(r, { status: DealRegistrationStatus.EXPIRED, expiredAt: now });
          await this.registrations.save(tx, r);
          await this.registrations.unprotect(tx, r.id);
          await this.events.publish(tx, DealRegistrationExpired, {
            registrationId: r.id,
            partnerId: r.partnerId,
            customerId: r.customerId!,
            opportunityId: r.opportunityId!,
            companyName: r.companyName,
            protectionExpiredAt: protectionExpiredAt.toISOString(),
            expiredAt: now.toISOString(),
          });
        }
        return due.length;
      });
      expired += n;
      if (n < EXPIRY_BATCH) return expired;
    }
  }
}
