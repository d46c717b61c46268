export { runSubgraphMain, startSubgraph, type SubgraphConfig, type SubgraphDefinition } from './subgraph';
