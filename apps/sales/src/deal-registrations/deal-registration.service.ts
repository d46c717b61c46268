import type { DealRegistrationApproved, PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { CustomerMergeRepository } from '../customers/customer-merge.repository';
import { defaultCloseDate, UNPRICED_CURRENCY } from '../opportunities/opportunity-defaults';
import { OpportunityService } from '../opportunities/opportunity.service';

/**
 * Opens the opportunity of an approved deal registration for its partner, under the id the partners
 * service minted: applying the approval again opens nothing and publishes nothing.
 */
@Injectable()
export class DealRegistrationService {
  constructor(
    private readonly opportunities: OpportunityService,
    private readonly merges: CustomerMergeRepository,
  ) {}

  async apply(tx: Transaction, d: PayloadOf<typeof DealRegistrationApproved>): Promise<void> {
    // A registration on a customer that was merged since belongs to the survivor.
    const customerId = (await this.merges.survivorOf(tx, d.customerId)) ?? d.customerId;
    await this.opportunities.open(tx, {
      id: d.opportunityId,
      customerId,
      name: d.name,
      amount: d.amount ?? { amount: '0', currency: UNPRICED_CURRENCY },
      closeDate: d.closeDate ?? defaultCloseDate(new Date(d.approvedAt)),
      // The partner's deal has no sales owner until someone takes it.
      ownerId: null,
      partnerId: d.partnerId,
      openedBy: d.approvedBy,
    });
  }
}
