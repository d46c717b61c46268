export { defineEvent, type CloudEvent, type EventContract, type PayloadOf } from './cloud-event';
export { deadLetterTopic, Topics, topicSpec, type TopicSpec } from './topics';
export * from './events';
export * from './lead-conversion.events';
export * from './sales-activity.events';
export * from './sales-contact.events';
export * from './sales-customer.events';
export * from './sales-opportunity.events';
export * from './sales-quote.events';
