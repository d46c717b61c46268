import { OpportunityLost, OpportunityWon } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommissionService } from './commission.service';

/**
 * Accrues a partner's commission from sales' won opportunities and reverses it when one is lost
 * after being won (sales reopens a won deal with a stage change, then loses it). The inbox drops a
 * redelivered event; the opportunity's unique commission drops a second win.
 */
@Injectable()
export class CommissionConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly commissions: CommissionService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe('partners-commissions', [
      on(OpportunityWon, ({ data }, tx) => this.commissions.accrue(tx, data)),
      on(OpportunityLost, ({ data }, tx) => this.commissions.reverse(tx, data)),
    ]);
  }
}
