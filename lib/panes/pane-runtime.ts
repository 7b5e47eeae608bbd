import type {
  ConnectionState,
  ReceivedFrame,
  ReceivingConnection,
  SubscriptionState,
} from '@/lib/stomp/connection';
import { Emitter } from '@/lib/util/emitter';
import { err, ok, type Result } from '@/lib/util/result';
import { fromStompFrame, type PaneMessage } from '@/lib/messages/message';
import { PaneStore } from '@/lib/messages/pane-store';
import { readsStream, subscribeHeaders, type PaneConfig } from './pane-config';
import { StreamAcker } from './stream-acker';
import { DeliveryTally, SEQUENCE_HEADER } from '@/lib/delivery/tally';
import { ConsumerTally, watchTargetOf } from '@/lib/watch/firehose';
import type { SentBodies } from '@/lib/watch/sent-bodies';

/** How many of its own messages' tags a manual-ack pane remembers to spot redeliveries. */
const MAX_REMEMBERED_TAGS = 200_000;
/** How soon an ack-on-receipt pane acks what it received (one cumulative ACK for them all). */
export const ACK_ON_RECEIPT_MS = 200;
/** How many messages acked on the current connection a pane keeps, in case their ACK is lost. */
const MAX_RECENTLY_SETTLED = 5000;
/** How many fingerprints of requeued messages a pane keeps while it waits for their redelivery. */
const MAX_AWAITED = 10_000;

/**
 * Where a message stands with the broker, for panes that acknowledge manually: awaiting ACK/NACK
 * (`unacked`), settled by the user (`acked`, `nacked` without requeue, `requeued` by a NACK with
 * requeue), or put back by the broker because its connection closed before it was settled
 * (`requeued` too: RabbitMQ requeues every unacked message of a closed channel).
 */
export type AckState = 'unacked' | 'acked' | 'nacked' | 'requeued';

/** What a pane shows about itself besides its messages. Replaced, never mutated. */
export interface PaneStatus {
  subscription: SubscriptionState;
  connection: ConnectionState;
  /** Bumped when the user settles messages, so views re-read `unackedCount()`. */
  settledVersion: number;
}

/**
 * One live pane: its subscription on a connection, and the store its messages land in.
 * The message path (`receive`) touches no React and allocates only the message record.
 */
export class PaneRuntime {
  readonly store: PaneStore;
  private readonly configEmitter = new Emitter<PaneConfig>();
  /** Per send run, how many of the dashboard's own messages this pane received. */
  readonly deliveries = new DeliveryTally();
  /** On a pane watching a queue through the firehose: its deliveries per real consumer; else null. */
  readonly consumerTally: ConsumerTally | null;
  /** When the broker first confirmed this pane's SUBSCRIBE (ms since epoch); sends before it cannot reach it. */
  subscribedAt: number | null = null;
  private readonly statusEmitter = new Emitter<PaneStatus>();
  /** Every message as it arrives, for taps such as a capture recording. */
  private readonly messageEmitter = new Emitter<PaneMessage>();
  private currentStatus: PaneStatus;
  private seq = 0;
  /** Sequence tags of our own messages already counted, so a redelivery is shown but not counted twice. */
  private readonly seenTags: Set<string> | null;
  /**
   * Fingerprints (with multiplicity) of counted messages the broker will deliver again: NACKed
   * with requeue, or unacked when their connection died. Oldest first, at most MAX_AWAITED.
   */
  private readonly awaitingRedelivery = new Map<string, number>();
  /** Messages awaiting ACK/NACK (client and client-individual modes), by ack id, in arrival order. */
  private readonly unacked = new Map<string, PaneMessage>();
  /** How settled messages were settled; weak, so a message evicted from the window is forgotten. */
  private readonly settled = new WeakMap<PaneMessage, Exclude<AckState, 'unacked'>>();
  private detach: (() => void) | null = null;
  /** On a watch pane: how many copies of each of the dashboard's bodies it saw (to pick each copy's tag). */
  private readonly seenBodies: Map<string, number> | null;
  /** For a pane that reads a stream: acks as messages arrive (they never join `unacked`). */
  private readonly streamAcker: StreamAcker | null;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * Messages settled on the current connection, newest last (at most MAX_RECENTLY_SETTLED). An
   * ACK still on its way when the connection dies is lost and the broker redelivers the message
   * (seen across broker restarts): on a drop these join the ones awaited, so it is not counted twice.
   */
  private recentlySettled: PaneMessage[] = [];

  private currentConfig: PaneConfig;

  constructor(
    config: PaneConfig,
    private readonly connection: ReceivingConnection,
    private readonly ownsConnection: boolean,
    schedule?: (callback: () => void) => () => void,
    /** What the dashboard sent: a watch pane finds the sequence tags the firehose drops in it. */
    private readonly sentBodies?: SentBodies,
  ) {
    this.currentConfig = config;
    this.seenTags = config.ackMode === 'auto' ? null : new Set();
    const watching = watchTargetOf(config.destination);
    this.consumerTally = watching?.kind === 'queue' ? new ConsumerTally() : null;
    this.seenBodies = watching ? new Map() : null;
    this.streamAcker =
      config.ackMode !== 'auto' && readsStream(config)
        ? new StreamAcker(
            (ackId) => void this.connection.ack(ackId, config.subscriptionId),
            config.ackMode,
            Math.max(1, Math.floor((config.prefetchCount ?? 2) / 2)),
          )
        : null;
    this.store = new PaneStore({ capacity: config.capacity, schedule });
    // Until `attach`, the pane has no part in any connection, even a shared one that is up.
    this.currentStatus = {
      subscription: { status: 'waiting' },
      connection: { status: 'idle' },
      settledVersion: 0,
    };
  }

  get key(): string {
    return this.currentConfig.key;
  }

  get config(): PaneConfig {
    return this.currentConfig;
  }

  /** Changes how many messages the pane keeps (the newest stay). */
  setCapacity(capacity: number): void {
    this.store.setCapacity(capacity);
    this.currentConfig = { ...this.currentConfig, capacity };
  }

  /** Called when something the workspace saves of this pane changes (its filter, its charted fields). */
  onConfigChange(listener: (config: PaneConfig) => void): () => void {
    return this.configEmitter.on(listener);
  }

  /** Remembers the Filter box's text in the pane's config. */
  setFilter(filter: string): void {
    if ((this.currentConfig.filter ?? '') === filter) return;
    this.updateConfig({ filter: filter === '' ? undefined : filter });
  }

  /** Remembers which fields the pane charts (see `lib/charts/pane-chart-of.ts`). */
  setChartPaths(paths: readonly string[]): void {
    this.updateConfig({ charts: paths.length > 0 ? [...paths] : undefined });
  }

  private updateConfig(change: Partial<PaneConfig>): void {
    this.currentConfig = { ...this.currentConfig, ...change };
    this.configEmitter.emit(this.currentConfig);
  }

  get status(): PaneStatus {
    return this.currentStatus;
  }

  onStatus(listener: (status: PaneStatus) => void): () => void {
    return this.statusEmitter.on(listener);
  }

  /** Registers the subscription with its connection; it is sent whenever that connection is up. */
  attach(): Result<void> {
    if (this.detach) return ok(undefined);
    const offState = this.connection.onStateChange((connection) => {
      if (connection.status !== 'connected') {
        this.forgetUnacked();
        this.streamAcker?.reset();
      }
      this.setStatus({ connection });
    });
    const result = this.connection.subscribe(
      {
        id: this.config.subscriptionId,
        destination: this.config.destination,
        headers: subscribeHeaders(this.config),
      },
      {
        onMessage: (message) => this.receive(message),
        onState: (subscription) => {
          if (subscription.status === 'subscribed' && this.subscribedAt === null)
            this.subscribedAt = Date.now();
          this.setStatus({ subscription });
          // A pane alone on its connection has nothing left to receive once its SUBSCRIBE is refused.
          if (subscription.status === 'error' && this.ownsConnection)
            void this.connection.disconnect();
        },
      },
    );
    if (!result.ok) {
      offState();
      return result;
    }
    this.detach = offState;
    this.setStatus({ connection: this.connection.state });
    return result;
  }

  /** Opens the pane's own connection (a shared one is opened by the dashboard). */
  connect(): void {
    if (this.ownsConnection) this.connection.connect();
  }

  /** Closes the pane's own connection; the subscription stays registered for the next connect. */
  async disconnect(): Promise<void> {
    if (this.ownsConnection) await this.connection.disconnect();
  }

  /** Takes the subscription back from its connection: nothing is sent for it until `attach`. */
  unregister(): void {
    this.detach?.();
    this.detach = null;
    this.connection.unsubscribe(this.config.subscriptionId);
  }

  /** Unsubscribes and closes the pane for good. */
  async stop(): Promise<void> {
    this.unregister();
    if (this.ackTimer !== null) clearTimeout(this.ackTimer);
    if (this.ownsConnection) await this.connection.close();
    this.store.dispose();
  }

  /** Calls `listener` with every message this pane receives from now on (paused or not). */
  onMessage(listener: (message: PaneMessage) => void): () => void {
    return this.messageEmitter.on(listener);
  }

  /** The connection this pane receives on. */
  get stompConnection(): ReceivingConnection {
    return this.connection;
  }

  private receive(frame: ReceivedFrame): void {
    const message = fromStompFrame(frame, ++this.seq, Date.now());
    const tag = frame.headers[SEQUENCE_HEADER] ?? this.firehoseTag(frame);
    let duplicate = this.isRedeliveryOfCounted(message);
    if (tag !== undefined) {
      // Only manual-ack panes see redeliveries; they remember which of our messages they had.
      if (this.seenTags) {
        duplicate ||= message.redelivered && this.seenTags.has(tag);
        if (!duplicate) this.rememberTag(tag);
      }
      this.deliveries.record(tag, message.redelivered, duplicate);
    }
    this.consumerTally?.record(frame.headers);
    if (message.ackId !== undefined && this.streamAcker) this.streamAcker.received(message.ackId);
    else if (message.ackId !== undefined && this.config.ackMode !== 'auto') {
      this.unacked.set(message.ackId, message);
      if (this.config.ackOnReceipt && this.ackTimer === null)
        this.ackTimer = setTimeout(() => {
          this.ackTimer = null;
          this.ackAll();
        }, ACK_ON_RECEIPT_MS);
    }
    this.store.receive(message, !duplicate);
    this.messageEmitter.emit(message);
    if (this.config.requeueAll) this.requeueAtOnce(message);
  }

  /**
   * `Subscribe with requeue`: the pane records each message, then NACKs it with requeue at once,
   * so the queue's other consumers get it back (flagged redelivered). No status event per
   * message: the row reads its `requeued` state when the next frame draws it.
   */
  private requeueAtOnce(message: PaneMessage): void {
    if (message.ackId === undefined || !this.unacked.has(message.ackId)) return;
    const sent = this.connection.nack(message.ackId, this.config.subscriptionId, true);
    if (!sent.ok) return;
    this.unacked.delete(message.ackId);
    this.settled.set(message, 'requeued');
    this.awaitRedelivery(message);
  }

  /**
   * A firehose copy carries no headers of the original: when the dashboard sent its body, the
   * copy is taken for the next copy of that body this pane has not seen yet.
   */
  private firehoseTag(frame: ReceivedFrame): string | undefined {
    const seen = this.seenBodies;
    if (seen === null || !this.sentBodies || this.sentBodies.size === 0) return undefined;
    const body = frame.body;
    const nth = seen.get(body) ?? 0;
    const tag = this.sentBodies.tagOf(body, nth);
    if (tag !== undefined) seen.set(body, nth + 1);
    return tag;
  }

  private rememberTag(tag: string): void {
    const seen = this.seenTags!;
    seen.add(tag);
    if (seen.size > MAX_REMEMBERED_TAGS) {
      // Forget the oldest tenth: a Set iterates in insertion order.
      let drop = MAX_REMEMBERED_TAGS / 10;
      for (const old of seen) {
        seen.delete(old);
        if (--drop === 0) break;
      }
    }
  }

  /** Number of delivered messages not yet acknowledged (at most prefetch-count, when set). */
  unackedCount(): number {
    return this.unacked.size;
  }

  isUnacked(message: PaneMessage): boolean {
    return message.ackId !== undefined && this.unacked.has(message.ackId);
  }

  /**
   * Where `message` stands: `null` in `auto` mode (the broker settled it on delivery), else
   * {@link AckState}. Read per visible row, after `settledVersion` changes.
   */
  ackState(message: PaneMessage): AckState | null {
    if (this.config.ackMode === 'auto') return null;
    if (this.isUnacked(message)) return 'unacked';
    return this.settled.get(message) ?? null;
  }

  /**
   * ACKs one message. In `client` mode an ACK covers every earlier message of the
   * subscription too (RabbitMQ treats it as "multiple"), so those leave the unacked set.
   */
  ack(message: PaneMessage): Result<void> {
    return this.settle(message, 'acked', (ackId) =>
      this.connection.ack(ackId, this.config.subscriptionId),
    );
  }

  /** NACKs one message; `requeue: false` drops or dead-letters it. Cumulative in `client` mode, like ACK. */
  nack(message: PaneMessage, requeue: boolean): Result<void> {
    return this.settle(message, requeue ? 'requeued' : 'nacked', (ackId) =>
      this.connection.nack(ackId, this.config.subscriptionId, requeue),
    );
  }

  /** ACKs everything delivered so far. */
  ackAll(): Result<void> {
    const all = [...this.unacked.values()];
    if (all.length === 0) return ok(undefined);
    if (this.config.ackMode === 'client') return this.ack(all[all.length - 1]!);
    for (const message of all) {
      const result = this.ack(message);
      if (!result.ok) return result;
    }
    return ok(undefined);
  }

  private settle(
    message: PaneMessage,
    state: Exclude<AckState, 'unacked'>,
    send: (ackId: string) => Result<void>,
  ): Result<void> {
    const ackId = message.ackId;
    if (ackId === undefined || !this.unacked.has(ackId)) {
      return err('This message is already settled, or was delivered on an earlier connection.');
    }
    const result = send(ackId);
    if (!result.ok) return result;
    const covered =
      this.config.ackMode === 'client'
        ? [...this.unacked.values()].filter((m) => m.seq <= message.seq)
        : [message];
    for (const settled of covered) {
      this.unacked.delete(settled.ackId!);
      this.settled.set(settled, state);
      if (state === 'requeued') this.awaitRedelivery(settled);
      else this.recentlySettled.push(settled);
    }
    if (this.recentlySettled.length > MAX_RECENTLY_SETTLED)
      this.recentlySettled = this.recentlySettled.slice(-MAX_RECENTLY_SETTLED);
    this.unackedChanged();
    return result;
  }

  /**
   * Ack ids die with their connection; the broker redelivers those messages on the next one.
   * Their fingerprints are kept so the redelivery is shown (marked) but not counted again.
   */
  private forgetUnacked(): void {
    // Their ACK/NACK may not have reached the broker: a redelivery of one is not a new message.
    for (const message of this.recentlySettled) this.awaitRedelivery(message);
    this.recentlySettled = [];
    if (this.unacked.size === 0) return;
    for (const message of this.unacked.values()) {
      this.settled.set(message, 'requeued');
      this.awaitRedelivery(message);
    }
    this.unacked.clear();
    this.unackedChanged();
  }

  /**
   * Remembers a counted message the broker will deliver again, so that delivery is recognised
   * (by publisher headers and body, as ack ids and `message-id` change) and not counted twice.
   */
  private awaitRedelivery(message: PaneMessage): void {
    const print = fingerprint(message);
    this.awaitingRedelivery.set(print, (this.awaitingRedelivery.get(print) ?? 0) + 1);
    // Another consumer of the queue may take the requeued message: then it never comes back here.
    if (this.awaitingRedelivery.size > MAX_AWAITED) {
      const oldest = this.awaitingRedelivery.keys().next().value;
      if (oldest !== undefined) this.awaitingRedelivery.delete(oldest);
    }
  }

  /** True when `message` is the redelivery of one this pane already counted (and forgets it). */
  private isRedeliveryOfCounted(message: PaneMessage): boolean {
    if (!message.redelivered || this.awaitingRedelivery.size === 0) return false;
    const print = fingerprint(message);
    const waiting = this.awaitingRedelivery.get(print);
    if (!waiting) return false;
    if (waiting === 1) this.awaitingRedelivery.delete(print);
    else this.awaitingRedelivery.set(print, waiting - 1);
    return true;
  }

  private unackedChanged(): void {
    this.setStatus({ settledVersion: this.currentStatus.settledVersion + 1 });
  }

  private setStatus(change: Partial<PaneStatus>): void {
    this.currentStatus = { ...this.currentStatus, ...change };
    this.statusEmitter.emit(this.currentStatus);
  }
}

/** Headers that change from one delivery of a message to the next. */
// Quorum queues add x-delivery-count on each redelivery.
const PER_DELIVERY_HEADERS = new Set([
  'message-id',
  'ack',
  'subscription',
  'redelivered',
  'destination',
  'content-length',
  'x-delivery-count',
]);

/** What stays the same across deliveries of one message: its publisher headers and body. */
function fingerprint(message: PaneMessage): string {
  const headers = Object.keys(message.headers)
    .filter((name) => !PER_DELIVERY_HEADERS.has(name))
    .sort()
    .map((name) => `${name}:${message.headers[name]}`)
    .join('\n');
  const body = typeof message.body === 'string' ? message.body : bodyKey(message.body);
  return `${headers}\n\n${message.size}\n${body}`;
}

function bodyKey(bytes: Uint8Array): string {
  let key = '';
  for (let i = 0; i < bytes.length; i++) key += String.fromCharCode(bytes[i]!);
  return key;
}

/** The words a pane's `Subscription status` shows, derived from its connection and subscription. */
export function describePaneStatus(status: PaneStatus, paused: boolean): string {
  const { connection, subscription } = status;
  if (subscription.status === 'error') return `error: ${subscription.reason}`;
  switch (connection.status) {
    case 'error':
      return `error: ${connection.reason}`;
    case 'reconnecting':
      return `reconnecting: ${connection.reason}`;
    case 'idle':
    case 'disconnected':
      return 'disconnected (connect to subscribe)';
    case 'connecting':
      return 'subscribing (connecting…)';
    case 'connected':
      break;
  }
  if (subscription.status !== 'subscribed') return 'subscribing';
  return paused ? 'paused' : 'subscribed';
}

/**
 * What a pane's note says after the user settles a message: the message by its arrival number
 * and routing key, never its ack id (RabbitMQ's are long and say nothing to a person).
 *
 * @example
 * ```ts
 * describeSettled({ seq: 7, routingKey: 'orders.eu' }, 'requeued', 'client-individual');
 * // 'Nacked #7 (orders.eu), requeued'
 * ```
 */
export function describeSettled(
  message: Pick<PaneMessage, 'seq' | 'routingKey'>,
  state: Exclude<AckState, 'unacked'>,
  ackMode: PaneConfig['ackMode'],
): string {
  const key = message.routingKey === '' ? 'empty routing key' : message.routingKey;
  const which = `#${message.seq} (${key})${ackMode === 'client' ? ' and every earlier message' : ''}`;
  if (state === 'acked') return `Acked ${which}`;
  return `Nacked ${which}, ${state === 'requeued' ? 'requeued' : 'not requeued'}`;
}
