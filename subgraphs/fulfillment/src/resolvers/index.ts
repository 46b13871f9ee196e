import { DateTimeScalar } from '@qc/shared';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './Mutation';
import { Order } from './Order';
import { PickTask } from './PickTask';
import { PickTaskItem } from './PickTaskItem';
import { BeginPickingResult, MissingItemRejected, NothingToPack, PackOrderResult, PickTaskStatusConflict, ReportItemMissingResult } from './PickTaskResult';
import { Query } from './Query';
import { Store } from './Store';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  PickTask,
  PickTaskItem,
  Store,
  Order,
  BeginPickingResult,
  ReportItemMissingResult,
  PackOrderResult,
  PickTaskStatusConflict,
  MissingItemRejected,
  NothingToPack,
};
