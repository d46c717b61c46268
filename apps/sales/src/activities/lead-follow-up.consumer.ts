import { LeadAssigned } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LeadFollowUpService } from './lead-follow-up.service';

/** Consumer group (and inbox name) that answers marketing's lead assignments with follow-up tasks. */
export const LEAD_FOLLOW_UP_GROUP_ID = 'sales-lead-follow-up';

@Injectable()
export class LeadFollowUpConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly followUps: LeadFollowUpService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(LEAD_FOLLOW_UP_GROUP_ID, [on(LeadAssigned, ({ data }, tx) => this.followUps.schedule(tx, data))]);
  }
}
