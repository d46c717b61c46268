export {
  runSubgraphMain,
  startSubgraph,
  SUBGRAPH_CONFIG,
  type RunningSubgraph,
  type SubgraphConfig,
  type SubgraphDefinition,
} from './subgraph';
