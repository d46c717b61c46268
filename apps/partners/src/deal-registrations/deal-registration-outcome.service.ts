import { DealRegistrationStatusChanged } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { DealRegistrationRepository } from './deal-registration.repository';

/**
 * A registration follows its sales opportunity (WON, LOST, APPROVED again when reopened) and says
 * so with DealRegistrationStatusChanged in the consumer's transaction: the partner reads the new
 * status at once, and the event is there for the timeline and anyone else who follows the deal.
 */
@Injectable()
export class DealRegistrationOutcomeService {
  constructor(
    private readonly registrations: DealRegistrationRepository,
    private readonly events: EventPublisher,
  ) {}

  /** `at` is when sales moved the opportunity (the event's time); now when it cannot be read. */
  async follow(tx: Transaction, opportunityId: string, opportunityStatus: string, at: string): Promise<void> {
    const when = new Date(at);
    const changedAt = (Number.isNaN(when.getTime()) ? new Date() : when).toISOString();
    for (const move of await this.registrations.recordOutcome(tx, opportunityId, opportunityStatus)) {
      await this.events.publish(tx, DealRegistrationStatusChanged, { ...move, changedAt });
    }
  }
}
