import { CustomerMerged } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { LOGGER, type Logger } from '@crm/observability';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CustomerMergeService } from './customer-merge.service';

/**
 * Follows sales' customer merges (customer.merged): partners' rows of the merged customer move to
 * the survivor, as sales moved its contacts and opportunities, with the link events that move makes. A group of its own, so a deployment
 * that adds it follows the merges already on the topic too; the inbox drops a redelivery, and the
 * alias makes a replay change nothing.
 */
@Injectable()
export class CustomerMergeConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly merges: CustomerMergeService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe('partners-customer-merges', [
      on(CustomerMerged, async ({ data }, tx) => {
        const followed = await this.merges.follow(tx, data);
        if (followed) {
          const { movedLinks, ...counts } = followed;
          this.logger.info({ mergedId: data.mergedId, ...counts, linkEvents: movedLinks.length }, 'partners followed a customer merge');
        }
      }),
    ]);
  }
}
