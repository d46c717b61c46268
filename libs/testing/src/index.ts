export { createTestDatabase, type TestDatabase } from './test-database';
export { testKafkaBrokers, uniqueTopicPrefix } from './kafka';
export { defineFactory, type Factory } from './factory';
export { graphqlClient, type Gql, type GqlError, type GqlResponse } from './graphql-client';
export { startTestStack, type TestStack } from './test-stack';
