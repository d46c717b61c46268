import { LeadConverted } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
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
    this.runner.subscribe(LEAD_CONVERSION_GROUP_ID, [on(LeadConverted, (event, tx) => this.conversions.apply(tx, event.data))]);
  }
}
