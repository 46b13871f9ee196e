import { DateTimeScalar } from '@qc/shared';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Courier } from './Courier';
import {
  AcceptDeliveryOfferResult,
  ChangeCourierStatusResult,
  CourierStatusConflict,
  DeclineDeliveryOfferResult,
  DeliverOrderResult,
  DeliveryStepConflict,
  PickUpOrderResult,
} from './CourierResult';
import { CourierWait } from './CourierWait';
import { Delivery } from './Delivery';
import { DeliveryEscalation } from './DeliveryEscalation';
import { DeliveryOffer } from './DeliveryOffer';
import { Mutation } from './Mutation';
import { Order } from './Order';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Courier,
  CourierWait,
  Delivery,
  DeliveryOffer,
  DeliveryEscalation,
  Order,
  ChangeCourierStatusResult,
  AcceptDeliveryOfferResult,
  DeclineDeliveryOfferResult,
  PickUpOrderResult,
  DeliverOrderResult,
  CourierStatusConflict,
  DeliveryStepConflict,
};
