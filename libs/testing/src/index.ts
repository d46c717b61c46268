export { createTestDatabase, TEST_APP_ROLE, type TestDatabase } from './test-database';
export { testKafkaBrokers, uniqueTopicPrefix } from './kafka';
export { defineFactory, type Factory } from './factory';
export { graphqlClient, type Gql, type GqlError, type GqlResponse } from './graphql-client';
export { ADMIN, asPartner, testSigningKey, testToken, type Caller } from './test-auth';
export { startTestStack, type GatewayOptions, type TestGateway, type TestStack } from './test-stack';
export { startOwnBroker, type OwnBroker } from './own-broker';
export { lastLines, startNodeProcess, stopProcess, type ManagedProcess } from '@crm/stack';
export { eventually } from './eventually';
