import { DealRegistrationApproved, type PayloadOf } from '@crm/contracts';
import { EventConsumerRunner } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DealRegistrationService } from './deal-registration.service';

/** Consumer group (and inbox name) that opens the opportunities of approved deal registrations. */
export const DEAL_REGISTRATION_GROUP_ID = 'sales-deal-registration';

@Injectable()
export class DealRegistrationConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly registrations: DealRegistrationService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe({
      groupId: DEAL_REGISTRATION_GROUP_ID,
      contracts: [DealRegistrationApproved],
      // The runner has checked the payload against the contract's schema before it calls this.
      handle: (event, tx) => this.registrations.apply(tx, event.data as PayloadOf<typeof DealRegistrationApproved>),
    });
  }
}
