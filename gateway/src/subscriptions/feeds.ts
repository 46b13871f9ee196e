import type { Logger, MsgHdrs, NatsConnection } from '@qc/shared';

type NatsSubscription = ReturnType<NatsConnection['subscribe']>;

interface Feed {
  subscription: NatsSubscription;
  refs: number;
  /** Resolves once the NATS server has the subscription: no event published after it is missed. */
  ready: Promise<void>;
}

/**
 * The process's NATS subscriptions: one per subject, however many subscribers need it, dropped when
 * the last one leaves. Core NATS (not a JetStream consumer): every gateway replica receives every
 * event and fans it out to its own sockets; what a replica misses while disconnected is covered by
 * the current state a client gets when it (re)subscribes.
 */
export class NatsFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly log: Logger,
    private readonly onMessage: (subject: string, data: Uint8Array, headers?: MsgHdrs) => void,
  ) {}

  /** Takes a reference on `subject`; resolves when its subscription is in place on the server. */
  acquire(subject: string): Promise<void> {
    const existing = this.feeds.get(subject);
    if (existing) {
      existing.refs += 1;
      return existing.ready;
    }
    const subscription = this.nc.subscribe(subject, {
      callback: (error, message) => {
        if (error) {
          this.log.error({ err: error, subject }, 'live feed failed');
          return;
        }
        this.onMessage(subject, message.data, message.headers);
      },
    });
    const ready = this.nc.flush().catch((error: unknown) => {
      this.log.warn({ err: error, subject }, 'could not confirm a live feed subscription');
    });
    this.feeds.set(subject, { subscription, refs: 1, ready });
    return ready;
  }

  release(subject: string): void {
    const feed = this.feeds.get(subject);
    if (!feed) return;
    feed.refs -= 1;
    if (feed.refs > 0) return;
    this.feeds.delete(subject);
    if (!this.nc.isClosed()) feed.subscription.unsubscribe();
  }

  /** Subjects subscribed on NATS right now. */
  get size(): number {
    return this.feeds.size;
  }

  /** References held across all subjects. */
  get refs(): number {
    let total = 0;
    for (const feed of this.feeds.values()) total += feed.refs;
    return total;
  }

  close(): void {
    for (const subject of [...this.feeds.keys()]) {
      const feed = this.feeds.get(subject)!;
      feed.refs = 1;
      this.release(subject);
    }
  }
}
