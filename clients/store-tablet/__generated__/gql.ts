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
    "query StoreQueue($storeId: ID!, $status: PickTaskStatus, $first: Int, $after: String) {\n  storeQueue(storeId: $storeId, status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        id\n        status\n        order {\n          id\n        }\n        promisedReadyAt\n        dueInMinutes\n        isLate\n        items {\n          product {\n            id\n            name\n          }\n          quantity\n          missingQuantity\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation StartPicking($orderId: ID!) {\n  startPicking(orderId: $orderId) {\n    id\n    status\n    startedAt\n  }\n}\n\nmutation MarkItemMissing($orderId: ID!, $productId: ID!, $quantity: Int!) {\n  markItemMissing(orderId: $orderId, productId: $productId, quantity: $quantity) {\n    id\n    status\n    items {\n      product {\n        id\n      }\n      missingQuantity\n    }\n  }\n}\n\nmutation MarkPacked($orderId: ID!) {\n  markPacked(orderId: $orderId) {\n    id\n    status\n    packedAt\n    isLate\n    minutesLate\n  }\n}\n\nmutation AdjustStock($input: AdjustStockInput!) {\n  adjustStock(input: $input) {\n    __typename\n    ... on StockAdjusted {\n      stockLevel {\n        onHand\n        reserved\n        available\n      }\n      adjustment {\n        id\n        delta\n        reason\n        at\n      }\n    }\n    ... on StockAdjustmentRefused {\n      message\n    }\n  }\n}\n\nsubscription QueueUpdates($storeId: ID!) {\n  storeQueueUpdated(storeId: $storeId) {\n    id\n    status\n    order {\n      id\n    }\n    promisedReadyAt\n    isLate\n  }\n}": typeof types.StoreQueueDocument,
};
const documents: Documents = {
    "query StoreQueue($storeId: ID!, $status: PickTaskStatus, $first: Int, $after: String) {\n  storeQueue(storeId: $storeId, status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        id\n        status\n        order {\n          id\n        }\n        promisedReadyAt\n        dueInMinutes\n        isLate\n        items {\n          product {\n            id\n            name\n          }\n          quantity\n          missingQuantity\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation StartPicking($orderId: ID!) {\n  startPicking(orderId: $orderId) {\n    id\n    status\n    startedAt\n  }\n}\n\nmutation MarkItemMissing($orderId: ID!, $productId: ID!, $quantity: Int!) {\n  markItemMissing(orderId: $orderId, productId: $productId, quantity: $quantity) {\n    id\n    status\n    items {\n      product {\n        id\n      }\n      missingQuantity\n    }\n  }\n}\n\nmutation MarkPacked($orderId: ID!) {\n  markPacked(orderId: $orderId) {\n    id\n    status\n    packedAt\n    isLate\n    minutesLate\n  }\n}\n\nmutation AdjustStock($input: AdjustStockInput!) {\n  adjustStock(input: $input) {\n    __typename\n    ... on StockAdjusted {\n      stockLevel {\n        onHand\n        reserved\n        available\n      }\n      adjustment {\n        id\n        delta\n        reason\n        at\n      }\n    }\n    ... on StockAdjustmentRefused {\n      message\n    }\n  }\n}\n\nsubscription QueueUpdates($storeId: ID!) {\n  storeQueueUpdated(storeId: $storeId) {\n    id\n    status\n    order {\n      id\n    }\n    promisedReadyAt\n    isLate\n  }\n}": types.StoreQueueDocument,
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
export function graphql(source: "query StoreQueue($storeId: ID!, $status: PickTaskStatus, $first: Int, $after: String) {\n  storeQueue(storeId: $storeId, status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        id\n        status\n        order {\n          id\n        }\n        promisedReadyAt\n        dueInMinutes\n        isLate\n        items {\n          product {\n            id\n            name\n          }\n          quantity\n          missingQuantity\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation StartPicking($orderId: ID!) {\n  startPicking(orderId: $orderId) {\n    id\n    status\n    startedAt\n  }\n}\n\nmutation MarkItemMissing($orderId: ID!, $productId: ID!, $quantity: Int!) {\n  markItemMissing(orderId: $orderId, productId: $productId, quantity: $quantity) {\n    id\n    status\n    items {\n      product {\n        id\n      }\n      missingQuantity\n    }\n  }\n}\n\nmutation MarkPacked($orderId: ID!) {\n  markPacked(orderId: $orderId) {\n    id\n    status\n    packedAt\n    isLate\n    minutesLate\n  }\n}\n\nmutation AdjustStock($input: AdjustStockInput!) {\n  adjustStock(input: $input) {\n    __typename\n    ... on StockAdjusted {\n      stockLevel {\n        onHand\n        reserved\n        available\n      }\n      adjustment {\n        id\n        delta\n        reason\n        at\n      }\n    }\n    ... on StockAdjustmentRefused {\n      message\n    }\n  }\n}\n\nsubscription QueueUpdates($storeId: ID!) {\n  storeQueueUpdated(storeId: $storeId) {\n    id\n    status\n    order {\n      id\n    }\n    promisedReadyAt\n    isLate\n  }\n}"): (typeof documents)["query StoreQueue($storeId: ID!, $status: PickTaskStatus, $first: Int, $after: String) {\n  storeQueue(storeId: $storeId, status: $status, first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        id\n        status\n        order {\n          id\n        }\n        promisedReadyAt\n        dueInMinutes\n        isLate\n        items {\n          product {\n            id\n            name\n          }\n          quantity\n          missingQuantity\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation StartPicking($orderId: ID!) {\n  startPicking(orderId: $orderId) {\n    id\n    status\n    startedAt\n  }\n}\n\nmutation MarkItemMissing($orderId: ID!, $productId: ID!, $quantity: Int!) {\n  markItemMissing(orderId: $orderId, productId: $productId, quantity: $quantity) {\n    id\n    status\n    items {\n      product {\n        id\n      }\n      missingQuantity\n    }\n  }\n}\n\nmutation MarkPacked($orderId: ID!) {\n  markPacked(orderId: $orderId) {\n    id\n    status\n    packedAt\n    isLate\n    minutesLate\n  }\n}\n\nmutation AdjustStock($input: AdjustStockInput!) {\n  adjustStock(input: $input) {\n    __typename\n    ... on StockAdjusted {\n      stockLevel {\n        onHand\n        reserved\n        available\n      }\n      adjustment {\n        id\n        delta\n        reason\n        at\n      }\n    }\n    ... on StockAdjustmentRefused {\n      message\n    }\n  }\n}\n\nsubscription QueueUpdates($storeId: ID!) {\n  storeQueueUpdated(storeId: $storeId) {\n    id\n    status\n    order {\n      id\n    }\n    promisedReadyAt\n    isLate\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;