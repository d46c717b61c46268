export { IntervalJob, type IntervalJobSchedule } from './interval-job';
export {
  runMigrateCommand,
  runSubgraphMain,
  startSubgraph,
  SUBGRAPH_CONFIG,
  type RunningSubgraph,
  type SubgraphConfig,
  type SubgraphDefinition,
  withPoolSize,
} from './subgraph';
