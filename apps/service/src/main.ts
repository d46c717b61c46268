import { runSubgraphMain } from '@crm/subgraph';
import { serviceSubgraph } from './service.subgraph';

runSubgraphMain(serviceSubgraph);
