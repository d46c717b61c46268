export {
  GATEWAY,
  WEBHOOK_WORKER,
  subgraph,
  SUBGRAPH_NAMES,
  SUBGRAPHS,
  type Subgraph,
  type SubgraphName,
  type SubgraphUrlVariable,
} from './subgraphs';
