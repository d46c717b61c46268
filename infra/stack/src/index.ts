export { freePort } from '@crm/embedded-postgres';
export { CUSTOMER_360_FIELDS, CUSTOMER_360_QUERY, CUSTOMER_360_WIDE_FIELDS, CUSTOMER_360_WIDE_QUERY } from './customer-360';
export { gatewayClient, seedDemoData } from './seed';
export { exitDescription, isRunning, lastLines, startNodeProcess, stopProcess, type ManagedProcess } from './child-process';
export { waitForHttp, type ReadinessOptions } from './readiness';
export { DEFAULT_RESTART_POLICY, SupervisedProcess, type ProcessSpec, type RestartPolicy } from './supervisor';
export {
  appEntry,
  launchStack,
  migrateSubgraph,
  stackConnectionShares,
  type GatewayOptions,
  type RunningGateway,
  type RunningStack,
  type StackSettings,
} from './launch';
export { decodeQuotedPrintable, startSmtpSink, type SinkMessage, type SmtpSink } from './smtp-sink';
