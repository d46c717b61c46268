import { LOGGER, type Logger } from '@crm/observability';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DeadLetters } from './dead-letters';
import { EventConsumerRunner } from './event-consumer-runner';
import { EventPublisher } from './event-publisher';
import { EVENTS_OPTIONS, KAFKA, type EventsOptions } from './events.tokens';
import { createKafkaClient } from './kafka-client';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { TopicProvisioner } from './topic-provisioner';

@Global()
@Module({})
export class EventsModule {
  static forRoot(options: EventsOptions): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        { provide: EVENTS_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          inject: [LOGGER],
          useFactory: (logger: Logger) => createKafkaClient({ brokers: options.brokers, clientId: options.clientId, logger }),
        },
        TopicProvisioner,
        OutboxRepository,
        OutboxRelay,
        EventPublisher,
        DeadLetters,
        EventConsumerRunner,
      ],
      exports: [EventPublisher, EventConsumerRunner],
    };
  }
}
