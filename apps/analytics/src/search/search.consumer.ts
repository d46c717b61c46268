import { topicSpec, type TopicSpec } from '@crm/contracts';
import { EventConsumerRunner } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SEARCH_CONTRACTS, SearchService } from './search.service';

/** Consumer group (and inbox name) of the search index: its own, so a replay rebuilds it alone. */
export const SEARCH_GROUP_ID = 'analytics-search';

export const SEARCH_TOPICS: TopicSpec[] = [...new Set(SEARCH_CONTRACTS.map((c) => c.topic))].map((t) => topicSpec(t));

@Injectable()
export class SearchConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly search: SearchService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(SEARCH_GROUP_ID, this.search.handlers());
  }
}
