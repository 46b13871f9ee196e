// First: tracing must wrap http, express, graphql, pg and ioredis before anything loads them.
import '@qc/shared/tracing';
import { runSubgraph } from '@qc/shared';
import { subgraph } from './server';

void runSubgraph(subgraph);
