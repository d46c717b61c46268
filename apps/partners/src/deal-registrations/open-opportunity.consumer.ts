import {
  OpportunityCreated,
  OpportunityLost,
  OpportunityStageChanged,
  OpportunityUpdated,
  OpportunityUpdatedV2,
  OpportunityWon,
} from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DealRegistrationOutcomeService } from './deal-registration-outcome.service';
import { OpenOpportunityRepository, type OpportunityState } from './open-opportunity.repository';

/**
 * Keeps open_opportunity in step with sales' opportunity events, and a registration's status with
 * its opportunity's (published as the registration's own event): every event carries the status after it, and one customer's events arrive in
 * order (they are keyed by the customer).
 */
@Injectable()
export class OpenOpportunityConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly opportunities: OpenOpportunityRepository,
    private readonly outcomes: DealRegistrationOutcomeService,
  ) {}

  onModuleInit(): void {
    const record = async (
      { data, time }: { data: OpportunityState; time: string },
      tx: Parameters<OpenOpportunityRepository['record']>[0],
    ) => {
      await this.opportunities.record(tx, data);
      await this.outcomes.follow(tx, data.opportunityId, data.status, time);
    };
    this.runner.subscribe('partners-open-opportunities', [
      on(OpportunityCreated, record),
      on(OpportunityUpdated, record),
      on(OpportunityUpdatedV2, record),
      on(OpportunityStageChanged, record),
      on(OpportunityWon, record),
      on(OpportunityLost, record),
    ]);
  }
}
