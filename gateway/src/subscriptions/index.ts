export { LIVE_FIELDS, type EntityLiveField, type LiveField, type LiveFields, type LiveRequest, type LiveSource, type PayloadLiveField, type RootCall } from './registry';
export { SubscriptionEngine, fetchScope, CLOSE_TOO_SLOW, LIVE_FETCH_SUBJECT, type RunOperation, type RunRequest, type RunResult, type LiveConnection } from './engine';
export { DeliveryQueue, LiveSubscription, type DeliveryMode, type LiveValue } from './delivery';
export { serveSubscriptions, authorizationFrom, TOO_MANY_SUBSCRIPTIONS } from './websocket';
