import { ChurnRiskRaised } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RetentionTaskService } from './retention-task.service';

/** Consumer group (and inbox name) that turns analytics' churn-risk crossings into retention tasks. */
export const RETENTION_TASK_GROUP_ID = 'sales-retention-task';

@Injectable()
export class RetentionTaskConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly retention: RetentionTaskService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(RETENTION_TASK_GROUP_ID, [on(ChurnRiskRaised, (event, tx) => this.retention.apply(tx, event.id, event.data))]);
  }
}
