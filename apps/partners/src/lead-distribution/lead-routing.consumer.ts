import { LeadRoutedToPartners } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LeadDistributionService } from './lead-distribution.service';

/** Takes the leads marketing routes to the channel and offers each to its first partner; the inbox drops a redelivered event. */
@Injectable()
export class LeadRoutingConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly distribution: LeadDistributionService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe('partners-lead-distribution', [on(LeadRoutedToPartners, ({ data }, tx) => this.distribution.route(tx, data))]);
  }
}
