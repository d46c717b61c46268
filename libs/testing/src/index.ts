export { createTestDatabase, TEST_APP_ROLE, type TestDatabase } from './test-database';
export { testKafkaBrokers, uniqueTopicPrefix } from './kafka';
export { defineFactory, type Factory } from './factory';
export { graphqlClient, type Gql, type GqlError, type GqlResponse } from './graphql-client';
export { ADMIN, asCustomer, asPartner, testSigningKey, testToken, type Caller } from './test-auth';
export { csvImportClient, type CsvImportView, type RestRefusal } from './csv-import-client';
export { startTestStack, type GatewayOptions, type TestGateway, type TestStack } from './test-stack';
export { startOwnBroker, type OwnBroker } from './own-broker';
export {
  CUSTOMER_360_QUERY,
  decodeQuotedPrintable,
  freePort,
  lastLines,
  startNodeProcess,
  startSmtpSink,
  stopProcess,
  type ManagedProcess,
  type SinkMessage,
  type SmtpSink,
} from '@crm/stack';
export { queryRows, withPgClient } from '@crm/embedded-postgres';
export { eventually } from './eventually';
export { mapConcurrently } from './concurrently';
export { testContext, type TestContext, type TestContextOptions } from './test-context';
export { itPagesWithCursors, type PagingSuiteOptions } from './paging-suite';
export { chromiumPath, launchChromium } from './chromium';
