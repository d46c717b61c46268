export { defineEvent, type CloudEvent, type EventContract, type PayloadOf } from './cloud-event';
export { Topics, topicSpec, type TopicSpec } from './topics';
export * from './events';
