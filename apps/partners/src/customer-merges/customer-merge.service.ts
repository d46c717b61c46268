import { PartnerLinkedToCustomer, PartnerUnlinkedFromCustomer, type CustomerMerged, type PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { CustomerMergeRepository, type MergeFollowed } from './customer-merge.repository';

/**
 * Follows one of sales' customer merges in the consumer's transaction: moves partners' rows to the
 * survivor, and publishes the link changes that move makes, as linking and unlinking by hand would.
 * Without them, whoever keeps partners' links from those events (analytics' partner dimension,
 * search) would keep the merged-away customer's links for good.
 */
@Injectable()
export class CustomerMergeService {
  constructor(
    private readonly merges: CustomerMergeRepository,
    private readonly events: EventPublisher,
  ) {}

  /** What moved (null for a merge followed before, which publishes nothing again). */
  async follow(tx: Transaction, merge: PayloadOf<typeof CustomerMerged>): Promise<MergeFollowed | null> {
    const mergedAt = new Date(merge.mergedAt);
    const followed = await this.merges.follow(tx, merge.mergedId, merge.survivorId, mergedAt);
    if (!followed) return null;
    for (const link of followed.movedLinks) {
      await this.events.publish(
        tx,
        PartnerUnlinkedFromCustomer,
        { partnerId: link.partnerId, customerId: merge.mergedId, partnerName: link.partnerName, unlinkedAt: mergedAt.toISOString() },
        mergedAt,
      );
      // A partner linked to both keeps the survivor's link: nothing new to announce for it.
      if (link.survivorLinked) continue;
      await this.events.publish(
        tx,
        PartnerLinkedToCustomer,
        // The link keeps when it was made (the partners API shows that date on the survivor now).
        {
          partnerId: link.partnerId,
          customerId: followed.survivorId,
          partnerName: link.partnerName,
          linkedAt: link.linkedAt.toISOString(),
        },
        mergedAt,
      );
    }
    return followed;
  }
}
