import { runSubgraphMain } from '@crm/subgraph';
import { marketingSubgraph } from './marketing.subgraph';

runSubgraphMain(marketingSubgraph);
