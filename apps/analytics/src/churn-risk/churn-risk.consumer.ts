import { topicSpec, type TopicSpec } from '@crm/contracts';
import { EventConsumerRunner } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChurnRiskService } from './churn-risk.service';

/** Consumer group (and inbox name) of churn risk: its own, so it reads signals it wrote itself, never another group's tables mid-flight. */
export const CHURN_RISK_GROUP_ID = 'analytics-churn-risk';

/** The contracts churn risk is built from (building the handlers touches nothing, so no collaborator is needed to list them). */
const CHURN_RISK_CONTRACTS = new ChurnRiskService(
  null as never,
  null as never,
  null as never,
  { CHURN_RISK_THRESHOLD: 1, CHURN_RENEWAL_PIPELINE_IDS: [] },
  null as never,
)
  .handlers()
  .map((h) => h.contract);

export const CHURN_RISK_TOPICS: TopicSpec[] = [...new Set(CHURN_RISK_CONTRACTS.map((c) => c.topic))].map((topic) => topicSpec(topic));

@Injectable()
export class ChurnRiskConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly churnRisk: ChurnRiskService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(CHURN_RISK_GROUP_ID, this.churnRisk.handlers());
  }
}
