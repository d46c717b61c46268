import { CampaignMemberChanged, EmailClicked, EmailOpened, FormSubmitted, LeadCaptured, LeadUpdated, LeadUpdatedV2 } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EngagementSignal } from './scoring.enums';
import { ScoringService } from './scoring.service';

export const SCORING_GROUP_ID = 'marketing-scoring';

/**
 * Keeps scores current from marketing's own events, in the consumer's transaction: what a lead
 * did adds engagement, a changed lead is fitted again. The inbox makes a redelivery score once.
 * Contacts are not scored: scoring qualifies leads.
 */
@Injectable()
export class ScoringConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly scoring: ScoringService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(SCORING_GROUP_ID, [
      on(FormSubmitted, ({ data }, tx) =>
        this.scoring.signal(tx, data.leadId, EngagementSignal.FORM_SUBMITTED, new Date(data.submittedAt), data.scorePoints),
      ),
      on(EmailOpened, ({ data }, tx) =>
        data.personKind === 'LEAD'
          ? this.scoring.signal(tx, data.personId, EngagementSignal.EMAIL_OPENED, new Date(data.openedAt))
          : Promise.resolve(),
      ),
      on(EmailClicked, ({ data }, tx) =>
        data.personKind === 'LEAD'
          ? this.scoring.signal(tx, data.personId, EngagementSignal.EMAIL_CLICKED, new Date(data.clickedAt))
          : Promise.resolve(),
      ),
      on(CampaignMemberChanged, ({ data }, tx) =>
        data.personKind === 'LEAD' && data.to === 'ATTENDED'
          ? this.scoring.signal(tx, data.personId, EngagementSignal.EVENT_ATTENDED, new Date(data.changedAt))
          : Promise.resolve(),
      ),
      on(LeadCaptured, ({ data }, tx) => this.scoring.refit(tx, data.leadId, new Date())),
      // v1 for the history on the topic; marketing publishes v2 now.
      on(LeadUpdated, ({ data }, tx) => this.scoring.refit(tx, data.leadId, new Date(data.updatedAt))),
      on(LeadUpdatedV2, ({ data }, tx) => this.scoring.refit(tx, data.leadId, new Date(data.updatedAt))),
    ]);
  }
}
