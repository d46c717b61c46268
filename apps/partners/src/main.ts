import { runSubgraphMain } from '@crm/subgraph';
import { partnersSubgraph } from './partners.subgraph';

runSubgraphMain(partnersSubgraph);
