import { DateTimeScalar } from '@qc/shared';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Customer } from './Customer';
import { Order } from './Order';
import { OrderItem } from './OrderItem';
import { Query } from './Query';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Customer, Order, OrderItem };
