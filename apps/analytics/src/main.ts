import { runSubgraphMain } from '@crm/subgraph';
import { analyticsSubgraph } from './analytics.subgraph';

runSubgraphMain(analyticsSubgraph);
