import { topicSpec, type TopicSpec } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AUDITED_CONTRACTS } from './audit-rules';
import { AuditService } from './audit.service';

/** Consumer group (and inbox name) of the audit trail. */
export const AUDIT_GROUP_ID = 'analytics-audit';

export const AUDIT_TOPICS: TopicSpec[] = [...new Set(AUDITED_CONTRACTS.map((c) => c.topic))].map((t) => topicSpec(t));

/** Keeps the audit trail from events, in the consumer's transaction; the runner's inbox makes redelivery a no-op. */
@Injectable()
export class AuditConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(
      AUDIT_GROUP_ID,
      AUDITED_CONTRACTS.map((contract) => on(contract, (event, tx) => this.audit.apply(event, tx))),
    );
  }
}
