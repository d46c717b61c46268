export {
  DATABASE_EXTRA_CONNECTIONS,
  DEFAULT_DATABASE_POOL_SIZE,
  GATEWAY,
  WEBHOOK_WORKER,
  subgraph,
  SUBGRAPH_NAMES,
  SUBGRAPHS,
  type Subgraph,
  type SubgraphName,
  type SubgraphUrlVariable,
} from './subgraphs';
