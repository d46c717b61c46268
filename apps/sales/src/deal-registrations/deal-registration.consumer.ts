import { DealRegistrationApproved } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
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
    this.runner.subscribe(DEAL_REGISTRATION_GROUP_ID, [
      on(DealRegistrationApproved, (event, tx) => this.registrations.apply(tx, event.data)),
    ]);
  }
}
