import type { Identity, TraceCarrier } from '@qc/shared';
import type { DocumentNode } from 'graphql';
import type { LiveSubscription } from './delivery';
import type { LiveField, LiveSource } from './registry';
import type { SubscriptionShape } from './selection';

export interface LiveEvent {
  id?: string;
  data: unknown;
  source?: LiveSource;
  /** Set for a resynchronisation (no event, just the current state again). */
  entityId?: string;
  /** The request and trace that published the event (its NATS headers), continued by the push. */
  trace?: TraceCarrier | null;
}

/** Subscribers of one topic selecting the same thing with the same variables, seen by the same audience. */
export class Group {
  readonly members = new Set<LiveSubscription>();
  constructor(
    readonly key: string,
    readonly shape: SubscriptionShape,
    readonly fetchIdentity: Identity | null,
    readonly variables: Record<string, unknown>,
    readonly payload?: PayloadPlan,
  ) {}
}

/** A parsed local operation for payload fields, shared by every group selecting the same thing. */
export interface PayloadPlan {
  key: string;
  document: DocumentNode | null;
  refs: number;
}

/** One topic (an order, a store, a courier) of one live field: its groups and its event sequence. */
export class TopicHub {
  readonly groups = new Map<string, Group>();
  seq = 0;
  /** Events of the topic are processed one after another, so their results leave in order. */
  chain: Promise<void> = Promise.resolve();
  pending = 0;
  ready: Promise<unknown> = Promise.resolve();
  readonly recentIds: string[] = [];
  constructor(
    readonly key: string,
    readonly fieldName: string,
    readonly field: LiveField,
    readonly topic: string,
  ) {}
}

export interface Membership {
  hub: TopicHub;
  group: Group;
}
