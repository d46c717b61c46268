export { IntervalJob, type IntervalJobSchedule } from './interval-job';
export {
  runSubgraphMain,
  startSubgraph,
  SUBGRAPH_CONFIG,
  type RunningSubgraph,
  type SubgraphConfig,
  type SubgraphDefinition,
} from './subgraph';
