import { DateTimeScalar } from '@qc/shared';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Order } from './Order';
import { PickTask } from './PickTask';
import { Query } from './Query';
import { Store } from './Store';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, PickTask, Store, Order };
