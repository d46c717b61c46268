import { LeadOfferAccepted } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LeadDistributionService } from './lead-distribution.service';

/** Gives a routed lead to the partner that accepted it in partners; the inbox drops a redelivered event. */
@Injectable()
export class LeadAcceptanceConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly distribution: LeadDistributionService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe('marketing-lead-distribution', [on(LeadOfferAccepted, ({ data }, tx) => this.distribution.assign(tx, data))]);
  }
}
