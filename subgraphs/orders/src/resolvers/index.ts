import { DateTimeScalar } from '@qc/shared';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Customer } from './Customer';
import { Mutation } from './Mutation';
import { Order } from './Order';
import { OrderItem } from './OrderItem';
import { CancelOrderResult, PlaceOrderResult } from './PlaceOrderResult';
import { Query } from './Query';
import { UnavailableItem } from './UnavailableItem';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Customer,
  Order,
  OrderItem,
  PlaceOrderResult,
  CancelOrderResult,
  UnavailableItem,
};
