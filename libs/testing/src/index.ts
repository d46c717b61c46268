export { createTestDatabase, type TestDatabase } from './test-database';
export { testKafkaBrokers, uniqueTopicPrefix } from './kafka';
export { defineFactory, type Factory } from './factory';
export { startTestStack, type TestStack } from './test-stack';
