export { runSubgraphMain, startSubgraph, SUBGRAPH_CONFIG, type SubgraphConfig, type SubgraphDefinition } from './subgraph';
