/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation SetCourierStatus($status: CourierStatus!) {\n  setCourierStatus(status: $status) {\n    id\n    status\n  }\n}\n\nquery MyOffers {\n  myOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    distanceMeters\n    etaToStoreSeconds\n    readyAt\n    expiresAt\n    createdAt\n  }\n}\n\nmutation AcceptOffer($offerId: ID!) {\n  acceptOffer(offerId: $offerId) {\n    id\n    status\n    assignedAt\n  }\n}\n\nmutation DeclineOffer($offerId: ID!) {\n  declineOffer(offerId: $offerId) {\n    id\n    status\n  }\n}\n\nmutation ConfirmPickup($orderId: ID!) {\n  confirmPickup(orderId: $orderId) {\n    id\n    status\n    pickedUpAt\n  }\n}\n\nmutation ConfirmDelivery($orderId: ID!, $proof: String!) {\n  confirmDelivery(orderId: $orderId, proof: $proof) {\n    id\n    status\n    deliveredAt\n  }\n}\n\nmutation ReportLocation($input: ReportLocationInput!) {\n  reportLocation(input: $input) {\n    kept\n    skipped\n  }\n}\n\nsubscription IncomingOffers {\n  deliveryOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    expiresAt\n  }\n}": typeof types.SetCourierStatusDocument,
};
const documents: Documents = {
    "mutation SetCourierStatus($status: CourierStatus!) {\n  setCourierStatus(status: $status) {\n    id\n    status\n  }\n}\n\nquery MyOffers {\n  myOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    distanceMeters\n    etaToStoreSeconds\n    readyAt\n    expiresAt\n    createdAt\n  }\n}\n\nmutation AcceptOffer($offerId: ID!) {\n  acceptOffer(offerId: $offerId) {\n    id\n    status\n    assignedAt\n  }\n}\n\nmutation DeclineOffer($offerId: ID!) {\n  declineOffer(offerId: $offerId) {\n    id\n    status\n  }\n}\n\nmutation ConfirmPickup($orderId: ID!) {\n  confirmPickup(orderId: $orderId) {\n    id\n    status\n    pickedUpAt\n  }\n}\n\nmutation ConfirmDelivery($orderId: ID!, $proof: String!) {\n  confirmDelivery(orderId: $orderId, proof: $proof) {\n    id\n    status\n    deliveredAt\n  }\n}\n\nmutation ReportLocation($input: ReportLocationInput!) {\n  reportLocation(input: $input) {\n    kept\n    skipped\n  }\n}\n\nsubscription IncomingOffers {\n  deliveryOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    expiresAt\n  }\n}": types.SetCourierStatusDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetCourierStatus($status: CourierStatus!) {\n  setCourierStatus(status: $status) {\n    id\n    status\n  }\n}\n\nquery MyOffers {\n  myOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    distanceMeters\n    etaToStoreSeconds\n    readyAt\n    expiresAt\n    createdAt\n  }\n}\n\nmutation AcceptOffer($offerId: ID!) {\n  acceptOffer(offerId: $offerId) {\n    id\n    status\n    assignedAt\n  }\n}\n\nmutation DeclineOffer($offerId: ID!) {\n  declineOffer(offerId: $offerId) {\n    id\n    status\n  }\n}\n\nmutation ConfirmPickup($orderId: ID!) {\n  confirmPickup(orderId: $orderId) {\n    id\n    status\n    pickedUpAt\n  }\n}\n\nmutation ConfirmDelivery($orderId: ID!, $proof: String!) {\n  confirmDelivery(orderId: $orderId, proof: $proof) {\n    id\n    status\n    deliveredAt\n  }\n}\n\nmutation ReportLocation($input: ReportLocationInput!) {\n  reportLocation(input: $input) {\n    kept\n    skipped\n  }\n}\n\nsubscription IncomingOffers {\n  deliveryOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    expiresAt\n  }\n}"): (typeof documents)["mutation SetCourierStatus($status: CourierStatus!) {\n  setCourierStatus(status: $status) {\n    id\n    status\n  }\n}\n\nquery MyOffers {\n  myOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    distanceMeters\n    etaToStoreSeconds\n    readyAt\n    expiresAt\n    createdAt\n  }\n}\n\nmutation AcceptOffer($offerId: ID!) {\n  acceptOffer(offerId: $offerId) {\n    id\n    status\n    assignedAt\n  }\n}\n\nmutation DeclineOffer($offerId: ID!) {\n  declineOffer(offerId: $offerId) {\n    id\n    status\n  }\n}\n\nmutation ConfirmPickup($orderId: ID!) {\n  confirmPickup(orderId: $orderId) {\n    id\n    status\n    pickedUpAt\n  }\n}\n\nmutation ConfirmDelivery($orderId: ID!, $proof: String!) {\n  confirmDelivery(orderId: $orderId, proof: $proof) {\n    id\n    status\n    deliveredAt\n  }\n}\n\nmutation ReportLocation($input: ReportLocationInput!) {\n  reportLocation(input: $input) {\n    kept\n    skipped\n  }\n}\n\nsubscription IncomingOffers {\n  deliveryOffers {\n    id\n    status\n    attempt\n    order {\n      id\n    }\n    store {\n      id\n      name\n      address\n    }\n    pickupLocation {\n      lat\n      lng\n    }\n    dropoffLocation {\n      lat\n      lng\n    }\n    expiresAt\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;