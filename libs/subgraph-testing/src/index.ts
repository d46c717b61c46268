export { itKeepsItsContracts, startTestSubgraph, useTestSubgraph, type TestSubgraph } from './subgraph-harness';
export { startCustomerOwnerDouble, type CustomerOwnerDouble } from './customer-owner-double';
export { eventSender, startEventSender, type EventSender } from './event-sender';
export { customerSnapshot, type CustomerSnapshot } from './customer-snapshot';
export { itScopesToPartner, type PartnerOwnedRows, type PartnerScopingOptions } from './partner-scoping-suite';
export { fewestStatements, readsOf } from './statement-count';
