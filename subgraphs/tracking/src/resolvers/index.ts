import { DateTimeScalar } from '@qc/shared';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Courier } from './Courier';
import { Mutation } from './Mutation';
import { Order } from './Order';
import { Query } from './Query';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, Courier, Order };
