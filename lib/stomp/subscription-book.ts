import { Emitter } from '@/lib/util/emitter';
import { err, ok, type Result } from '@/lib/util/result';
import type {
  ConnectionState,
  SubscriptionHandlers,
  SubscriptionSpec,
  SubscriptionState,
  WantedSubscription,
} from './connection';

/** The refusal of an ACK, NACK or SEND while the connection is not up. */
export const NOT_CONNECTED =
  'Not connected to the broker right now; try again once it is connected.';

/** The refusal of a SUBSCRIBE whose id the connection already has, before anything is sent. */
export function duplicateSubscriptionId(id: string): Result<never> {
  return err(
    `Subscription id "${id}" is already used on this connection. RabbitMQ would close the whole connection (and leave an orphaned queue behind), so nothing was sent. Pick another id.`,
  );
}

/**
 * What every kind of receiving connection keeps the same way: its state and who listens to it,
 * and the subscriptions it was asked for, each with its own state, to (re)send on every connect.
 * The connection on the page (`StompConnection`) and the page's handle on one in the connection
 * worker (`RemoteConnection`) both keep their record here, so both refuse, reset and report
 * alike.
 */
export class SubscriptionBook {
  private readonly wanted = new Map<string, WantedSubscription>();
  private readonly stateEmitter = new Emitter<ConnectionState>();
  private current: ConnectionState = { status: 'idle' };

  get state(): ConnectionState {
    return this.current;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    return this.stateEmitter.on(listener);
  }

  setState(state: ConnectionState): void {
    this.current = state;
    this.stateEmitter.emit(state);
  }

  ids(): string[] {
    return [...this.wanted.keys()];
  }

  get(id: string): WantedSubscription | undefined {
    return this.wanted.get(id);
  }

  all(): IterableIterator<WantedSubscription> {
    return this.wanted.values();
  }

  /** Keeps a new subscription, `waiting`; refuses an id already kept. */
  add(spec: SubscriptionSpec, handlers: SubscriptionHandlers): Result<WantedSubscription> {
    if (this.wanted.has(spec.id)) return duplicateSubscriptionId(spec.id);
    const sub: WantedSubscription = { spec, handlers, state: { status: 'waiting' } };
    this.wanted.set(spec.id, sub);
    return ok(sub);
  }

  /** Forgets a subscription; the one forgotten, if it was kept. */
  remove(id: string): WantedSubscription | undefined {
    const sub = this.wanted.get(id);
    this.wanted.delete(id);
    return sub;
  }

  setSubscriptionState(sub: WantedSubscription, state: SubscriptionState): void {
    sub.state = state;
    sub.handlers.onState?.(state);
  }

  /** The connection is gone: every subscription that was (being) made waits for the next one. */
  resetSubscriptions(): void {
    for (const sub of this.wanted.values()) {
      if (sub.state.status === 'subscribing' || sub.state.status === 'subscribed')
        this.setSubscriptionState(sub, { status: 'waiting' });
    }
  }

  /** A new Connect is the user's retry: refused subscriptions get another chance. */
  retryRefused(): void {
    for (const sub of this.wanted.values()) {
      if (sub.state.status === 'error') this.setSubscriptionState(sub, { status: 'waiting' });
    }
  }
}

/**
 * The reading side every receiving connection shares, kept in its {@link SubscriptionBook}: the
 * connection's state and listeners, and the subscriptions it keeps.
 */
export abstract class BookedConnection {
  protected readonly book = new SubscriptionBook();

  get state(): ConnectionState {
    return this.book.state;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    return this.book.onStateChange(listener);
  }

  /** Ids of the subscriptions this connection keeps. */
  subscriptionIds(): string[] {
    return this.book.ids();
  }

  subscriptionState(id: string): SubscriptionState | undefined {
    return this.book.get(id)?.state;
  }
}
