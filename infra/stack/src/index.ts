export { GATEWAY_PORT, SUBGRAPHS } from './services';
export { gatewayClient, seedDemoData } from './seed';
