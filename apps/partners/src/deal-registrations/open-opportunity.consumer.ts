import { OpportunityCreated, OpportunityLost, OpportunityStageChanged, OpportunityUpdated, OpportunityWon } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OpenOpportunityRepository } from './open-opportunity.repository';

/**
 * Keeps open_opportunity in step with sales' opportunity events: every one carries the status
 * after it, and one customer's events arrive in order (they are keyed by the customer).
 */
@Injectable()
export class OpenOpportunityConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly opportunities: OpenOpportunityRepository,
  ) {}

  onModuleInit(): void {
    const record = (
      { data }: { data: { opportunityId: string; customerId: string; status: string } },
      tx: Parameters<OpenOpportunityRepository['record']>[0],
    ) => this.opportunities.record(tx, data.opportunityId, data.customerId, data.status);
    this.runner.subscribe('partners-open-opportunities', [
      on(OpportunityCreated, record),
      on(OpportunityUpdated, record),
      on(OpportunityStageChanged, record),
      on(OpportunityWon, record),
      on(OpportunityLost, record),
    ]);
  }
}
