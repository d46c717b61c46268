import { CampaignMemberChanged, OpportunityWon } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LoyaltyService } from './loyalty.service';

export const LOYALTY_GROUP_ID = 'marketing-loyalty';

/** Points earned from sales' won deals and from marketing's own attended campaigns, in the consumer's transaction. */
@Injectable()
export class LoyaltyConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly loyalty: LoyaltyService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(LOYALTY_GROUP_ID, [
      on(OpportunityWon, ({ data }, tx) => this.loyalty.earnFromWin(tx, data)),
      on(CampaignMemberChanged, ({ data }, tx) => this.loyalty.earnFromAttendance(tx, data)),
    ]);
  }
}
