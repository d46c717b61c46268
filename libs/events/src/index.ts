import { InboxEntity } from './inbox.entity';
import { OutboxEntity } from './outbox.entity';

export { EventsModule } from './events.module';
export { EventPublisher } from './event-publisher';
export { EventConsumerRunner } from './event-consumer-runner';
export { chunkScope, inRuns, on, type ChunkScope, type EventHandler, type TypedEvent } from './event-handler';
export { eventSequence, fromKafkaMessage, toKafkaMessage, MalformedEventError, type OutboxRow } from './cloud-event-codec';
export { createKafkaClient } from './kafka-client';
export { readDeadLetters, redriveDeadLetters, sourceTopicOf, type DeadLetter } from './dead-letter-redrive';
export {
  addOutboxTraceparent,
  createEventTables,
  createOutboxNotifyTrigger,
  dropEventTables,
  dropOutboxNotifyTrigger,
  dropOutboxTraceparent,
  OUTBOX_CHANNEL,
} from './event-tables.migration';
export { advanceOutboxSequence, RESTORE_SEQUENCE_GAP } from './outbox-restore';
export { rewindConsumerGroups, type RewoundGroup } from './consumer-rewind';
export { provisionedTopics } from './topic-provisioner';
export { InboxEntity, OutboxEntity };
export type { EventsOptions } from './events.tokens';

/** Every service's data source lists these beside its own entities. */
export const EVENT_ENTITIES = [OutboxEntity, InboxEntity];
