import { runSubgraphMain } from '@crm/subgraph';
import { salesSubgraph } from './sales.subgraph';

runSubgraphMain(salesSubgraph);
