export { itKeepsItsContracts, startTestSubgraph, type TestSubgraph } from './subgraph-harness';
