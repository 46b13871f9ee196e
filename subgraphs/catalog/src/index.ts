import { runSubgraph } from '@qc/shared';
import { subgraph } from './server';

void runSubgraph(subgraph);
