import { LeadConverted, type PayloadOf } from '@crm/contracts';
import { EventConsumerRunner } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LeadConversionService } from './lead-conversion.service';

/** Consumer group (and inbox name) that materialises marketing's lead conversions. */
export const LEAD_CONVERSION_GROUP_ID = 'sales-lead-conversion';

@Injectable()
export class LeadConversionConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly conversions: LeadConversionService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe({
      groupId: LEAD_CONVERSION_GROUP_ID,
      contracts: [LeadConverted],
      // The runner has checked the payload against the contract's schema before it calls this.
      handle: (event, tx) => this.conversions.apply(tx, event.data as PayloadOf<typeof LeadConverted>),
    });
  }
}
