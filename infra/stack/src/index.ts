export { freePort } from '@crm/embedded-postgres';
export { GATEWAY_PORT, SUBGRAPHS } from './services';
export { gatewayClient, seedDemoData } from './seed';
export { lastLines, startNodeProcess, stopProcess, waitForHttp, type ManagedProcess } from './child-process';
