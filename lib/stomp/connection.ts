import {
  Client,
  ReconnectionTimeMode,
  type IFrame,
  type IStompSocket,
  type StompHeaders,
} from '@stomp/stompjs';
import { resolveBrokerUrl } from '@/lib/config/broker-url';
import { err, errorMessage, ok, type Result } from '@/lib/util/result';
import {
  classifyClose,
  couldBeAnotherServer,
  type CloseContext,
  type ErrorFrameInfo,
} from './close-reason';
import { BookedConnection, NOT_CONNECTED } from './subscription-book';
import { activeDeliveryTap, counted, type TapSession } from './delivery-tap';

/** Where and how to connect. Several URLs mean failover: each attempt takes the next one. */
export interface ConnectionSettings {
  urls: string[];
  login: string;
  passcode: string;
  vhost: string;
}

export interface ConnectionOptions extends ConnectionSettings {
  /** Heartbeat intervals in ms; 0 turns a direction off. Send-only connections may turn outgoing off. */
  heartbeat?: { incoming: number; outgoing: number };
  /** Exponential reconnect backoff: first delay and cap, in ms. */
  reconnect?: { initialDelayMs: number; maxDelayMs: number };
  /** Gives up on an attempt that has not reached CONNECTED after this long. */
  connectTimeoutMs?: number;
  /** How long to wait for a SUBSCRIBE receipt before assuming it worked. */
  receiptTimeoutMs?: number;
  /** Opens the socket; defaults to the global WebSocket (browsers). Tests pass a fake, Node passes `ws`. */
  webSocketFactory?: (url: string, protocols: string[]) => IStompSocket;
  /** Awaited before each socket is opened: lets a factory get ready (the socket worker starting). */
  beforeOpen?: () => Promise<void>;
  /**
   * Asks whether an HTTP server answers at a ws(s) URL (`http-probe.ts`), so that a first connect
   * that fails without a word can say "something answered, but not Web-STOMP" instead of
   * "nothing answered". Only where the page's CSP does not block http (the connection worker).
   */
  probeHttp?: (wsUrl: string) => Promise<boolean>;
}

/** The connection's life, as one discriminated union. */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; url: string }
  | { status: 'connected'; url: string; server: string }
  | { status: 'reconnecting'; url: string; reason: string; attempt: number; retryInMs: number }
  | { status: 'disconnected' }
  | { status: 'error'; reason: string };

export type SubscriptionState =
  | { status: 'waiting' }
  | { status: 'subscribing' }
  | { status: 'subscribed' }
  | { status: 'error'; reason: string };

export interface SubscriptionSpec {
  id: string;
  destination: string;
  /** Extra SUBSCRIBE headers (ack, prefetch-count, durable, x-queue-name…); `id` and `receipt` are ours. */
  headers: Record<string, string>;
}

/**
 * A received MESSAGE as subscribers see it: what stompjs's `IMessage` offers for reading. A
 * connection run in the connection worker hands the page plain objects of this shape, never
 * stompjs frames, so nothing here may lean on `ack()`/`nack()` (use the connection's).
 */
export interface ReceivedFrame {
  readonly headers: Readonly<Record<string, string>>;
  readonly isBinaryBody: boolean;
  /** The body as bytes; for a text frame, UTF-8-*encoded* on read (a getter, in stompjs 7 too). */
  readonly binaryBody: Uint8Array;
  /** The body as text; for a binary frame, UTF-8-*decoded* on read (a getter, in stompjs 7 too). */
  readonly body: string;
}

export interface SubscriptionHandlers {
  onMessage: (message: ReceivedFrame) => void;
  onState?: (state: SubscriptionState) => void;
}

/**
 * What a pane (or the dashboard's shared connection) needs from a receiving connection. A
 * {@link StompConnection} is one; so is the page's handle on a connection that runs in the
 * connection worker (`connection-worker/remote-connection.ts`).
 */
export interface ReceivingConnection {
  readonly state: ConnectionState;
  readonly url: string;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  configure(settings: ConnectionSettings): void;
  connect(): void;
  disconnect(): Promise<void>;
  /** Disconnects for good: the connection is not used again, and whatever holds it elsewhere is let go. */
  close(): Promise<void>;
  subscriptionIds(): string[];
  subscriptionState(id: string): SubscriptionState | undefined;
  subscribe(spec: SubscriptionSpec, handlers: SubscriptionHandlers): Result<void>;
  unsubscribe(id: string): void;
  ack(ackId: string, subscriptionId: string): Result<void>;
  nack(ackId: string, subscriptionId: string, requeue: boolean): Result<void>;
}

/** A subscription a connection keeps, to (re)send on every connect. */
export interface WantedSubscription {
  spec: SubscriptionSpec;
  handlers: SubscriptionHandlers;
  state: SubscriptionState;
}

const DEFAULTS = {
  heartbeat: { incoming: 10_000, outgoing: 10_000 },
  reconnect: { initialDelayMs: 500, maxDelayMs: 10_000 },
  connectTimeoutMs: 10_000,
  receiptTimeoutMs: 10_000,
};

const STOMP_PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

/**
 * One STOMP connection that keeps the subscriptions it was asked for.
 *
 * Wraps @stomp/stompjs, which reconnects but forgets subscriptions: this class keeps the wanted
 * set itself and re-subscribes every one, with the same id and headers, after each (re)connect.
 * SUBSCRIBEs go one at a time with a receipt, so when RabbitMQ closes the connection over a
 * refused SUBSCRIBE (it closes the whole connection, often without an ERROR frame) we know which
 * subscription it was: that one alone goes to `error` and the others come back on reconnect.
 *
 * @example
 * const conn = new StompConnection({ urls: ['ws://127.0.0.1:15674/ws'], login: 'guest', passcode: 'guest', vhost: '/' });
 * conn.subscribe({ id: 'a', destination: '/topic/x.#', headers: {} }, { onMessage: (m) => console.log(m.body) });
 * conn.connect();
 */
export class StompConnection extends BookedConnection implements ReceivingConnection {
  private readonly options: Required<
    Omit<ConnectionOptions, 'webSocketFactory' | 'beforeOpen' | 'probeHttp'>
  > &
    Pick<ConnectionOptions, 'webSocketFactory' | 'beforeOpen' | 'probeHttp'>;
  private client: Client | null = null;
  /** Attempts since the last CONNECTED (for backoff and giving up). */
  private attempt = 0;
  /** Rotates through the URLs across all attempts, so a reconnect tries the next node first. */
  private urlIndex = 0;
  private everConnected = false;
  private connectedThisAttempt = false;
  private currentUrl = '';
  private lastErrorFrame: ErrorFrameInfo | undefined;
  private pendingSubscribeId: string | null = null;
  private receiptTimer: ReturnType<typeof setTimeout> | null = null;
  private receiptCounter = 0;
  private userStopped = false;
  /** Counts deliveries per connection while a diagnostic (the soak) has the tap on; else null. */
  private tapSession: TapSession | null = null;

  constructor(options: ConnectionOptions) {
    super();
    this.options = {
      ...options,
      heartbeat: options.heartbeat ?? DEFAULTS.heartbeat,
      reconnect: options.reconnect ?? DEFAULTS.reconnect,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      receiptTimeoutMs: options.receiptTimeoutMs ?? DEFAULTS.receiptTimeoutMs,
    };
  }

  /** The URL of the current or last attempt. */
  get url(): string {
    return this.currentUrl;
  }

  /** Replaces where and how to connect; takes effect on the next connect(). */
  configure(settings: ConnectionSettings): void {
    Object.assign(this.options, settings);
  }

  /** Opens the connection (idempotent). Subscriptions added before or after are (re)sent on connect. */
  connect(): void {
    if (this.client?.active) return;
    if (this.options.urls.length === 0) {
      this.setState({ status: 'error', reason: 'No broker URL given.' });
      return;
    }
    this.userStopped = false;
    this.book.retryRefused();
    this.attempt = 0;
    this.urlIndex = 0;
    this.everConnected = false;
    this.client = this.createClient();
    this.client.activate();
  }

  /** Closes the connection and stops reconnecting. Wanted subscriptions are kept for the next connect(). */
  async disconnect(): Promise<void> {
    this.userStopped = true;
    this.tapSession = this.tapSession?.close() ?? null;
    this.clearReceiptTimer();
    this.pendingSubscribeId = null;
    const client = this.client;
    this.client = null;
    this.book.resetSubscriptions();
    if (client) await client.deactivate();
    this.setState({ status: 'disconnected' });
  }

  /** Disconnects for good (nothing else holds a connection on this thread). */
  close(): Promise<void> {
    return this.disconnect();
  }

  /**
   * Adds a subscription to keep. Refuses a duplicate id before anything is sent: RabbitMQ would
   * close the whole connection and leave an orphaned, never-consumed queue behind.
   */
  subscribe(spec: SubscriptionSpec, handlers: SubscriptionHandlers): Result<void> {
    const added = this.book.add(spec, handlers);
    if (!added.ok) return added;
    handlers.onState?.(added.value.state);
    if (this.book.state.status === 'connected' && this.pendingSubscribeId === null) {
      this.subscribeNext();
    }
    return ok(undefined);
  }

  /** Stops a subscription and forgets it. */
  unsubscribe(id: string): void {
    const sub = this.book.remove(id);
    if (!sub) return;
    if (this.pendingSubscribeId === id) {
      this.pendingSubscribeId = null;
      this.clearReceiptTimer();
    }
    const client = this.client;
    if (client?.connected && sub.state.status === 'subscribed') {
      client.unsubscribe(id);
    }
    if (client?.connected && this.pendingSubscribeId === null) this.subscribeNext();
  }

  /** Acknowledges one message (client / client-individual ack modes). */
  ack(ackId: string, subscriptionId: string): Result<void> {
    return this.whileConnected(() => this.client!.ack(ackId, subscriptionId));
  }

  /** Rejects one message; `requeue: false` drops it (or dead-letters it). */
  nack(ackId: string, subscriptionId: string, requeue: boolean): Result<void> {
    return this.whileConnected(() =>
      this.client!.nack(ackId, subscriptionId, { requeue: requeue ? 'true' : 'false' }),
    );
  }

  /** Sends one frame; throws nothing, reports instead. */
  publish(
    destination: string,
    body: string | Uint8Array,
    headers: StompHeaders = {},
  ): Result<void> {
    return this.whileConnected(() => {
      if (typeof body === 'string') this.client!.publish({ destination, body, headers });
      else this.client!.publish({ destination, binaryBody: body, headers });
    });
  }

  /** Calls back once the broker confirms `receiptId`. */
  watchForReceipt(receiptId: string, callback: (frame: IFrame) => void): void {
    this.client?.watchForReceipt(receiptId, callback);
  }

  /** Bytes queued in the socket but not yet sent; for backpressure. */
  bufferedAmount(): number {
    const socket = this.client?.webSocket as { bufferedAmount?: number } | undefined;
    return socket?.bufferedAmount ?? 0;
  }

  private whileConnected(action: () => void): Result<void> {
    if (!this.client?.connected) return err(NOT_CONNECTED);
    try {
      action();
      return ok(undefined);
    } catch (error) {
      return err(errorMessage(error));
    }
  }

  private createClient(): Client {
    const { heartbeat, reconnect, connectTimeoutMs, webSocketFactory } = this.options;
    const client = new Client({
      connectHeaders: {
        login: this.options.login,
        passcode: this.options.passcode,
        host: this.options.vhost,
      },
      heartbeatIncoming: heartbeat.incoming,
      heartbeatOutgoing: heartbeat.outgoing,
      reconnectDelay: reconnect.initialDelayMs,
      maxReconnectDelay: reconnect.maxDelayMs,
      reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
      connectionTimeout: connectTimeoutMs,
      splitLargeFrames: false,
      // stompjs builds a debug string for every frame even with a no-op debug: with raw logging it
      // only decodes the received chunk, where otherwise it re-serialises the whole frame.
      logRawCommunication: true,
      debug: () => {},
    });
    client.webSocketFactory = () => {
      const url = this.currentUrl;
      if (webSocketFactory) return webSocketFactory(url, STOMP_PROTOCOLS);
      if (typeof WebSocket === 'undefined') {
        throw new Error('No WebSocket here: pass webSocketFactory (in Node, the "ws" package).');
      }
      // A path such as /ws means the page's (or the worker's, same-origin) own host.
      const pageUrl = typeof location === 'undefined' ? undefined : location.href;
      return new WebSocket(
        resolveBrokerUrl(url, pageUrl),
        STOMP_PROTOCOLS,
      ) as unknown as IStompSocket;
    };
    const beforeOpen = this.options.beforeOpen;
    client.beforeConnect = beforeOpen
      ? () => beforeOpen().then(prepareAttempt)
      : () => prepareAttempt();
    const prepareAttempt = () => {
      const urls = this.options.urls;
      this.currentUrl = urls[this.urlIndex % urls.length] ?? urls[0]!;
      this.urlIndex += 1;
      this.attempt += 1;
      this.connectedThisAttempt = false;
      this.lastErrorFrame = undefined;
      if (this.book.state.status !== 'reconnecting') {
        this.setState({ status: 'connecting', url: this.currentUrl });
      }
    };
    client.onConnect = (frame) => {
      this.connectedThisAttempt = true;
      this.everConnected = true;
      this.tapSession?.close();
      this.tapSession = activeDeliveryTap()?.openSession() ?? null;
      this.attempt = 0;
      this.setState({
        status: 'connected',
        url: this.currentUrl,
        server: frame.headers.server ?? '',
      });
      this.book.resetSubscriptions();
      this.subscribeNext();
    };
    client.onStompError = (frame) => {
      this.lastErrorFrame = { message: frame.headers.message ?? '', body: frame.body ?? '' };
      // RabbitMQ sends ERROR at once but may hold the socket open for a minute before closing
      // it; the session is over either way, so close now and explain from the frame.
      client.forceDisconnect();
    };
    client.onWebSocketClose = (event: { code?: number; reason?: string }) => {
      if (this.client !== client || this.userStopped) return;
      this.handleClose(client, event.code ?? 1006, event.reason ?? '');
    };
    return client;
  }

  private handleClose(client: Client, code: number, closeReason: string): void {
    this.tapSession = this.tapSession?.close() ?? null;
    this.clearReceiptTimer();
    const pendingId = this.pendingSubscribeId;
    this.pendingSubscribeId = null;
    const pending = pendingId ? this.book.get(pendingId) : undefined;
    const context: CloseContext = {
      phase: this.connectedThisAttempt ? 'connected' : 'connecting',
      url: this.currentUrl,
      login: this.options.login,
      vhost: this.options.vhost,
      code,
      closeReason,
      errorFrame: this.lastErrorFrame,
      pendingSubscribe: pending
        ? { id: pending.spec.id, destination: pending.spec.destination }
        : undefined,
      everConnected: this.everConnected,
    };
    const verdict = classifyClose(context);
    this.book.resetSubscriptions();

    if (verdict.kind === 'subscription-refused' && pending) {
      this.setSubscriptionState(pending, { status: 'error', reason: verdict.reason });
    }
    const giveUp =
      verdict.kind === 'fatal' ||
      (!this.everConnected &&
        verdict.kind === 'transient' &&
        this.attempt >= this.options.urls.length);
    if (giveUp) {
      this.client = null;
      void client.deactivate();
      const probeHttp = this.options.probeHttp;
      if (probeHttp && couldBeAnotherServer(context)) {
        // Still 'connecting' while the probe asks; a Connect or Disconnect meanwhile wins.
        void probeHttp(context.url).then((httpAnswered) => {
          if (this.client !== null || this.userStopped) return;
          this.setState({
            status: 'error',
            reason: classifyClose({ ...context, httpAnswered }).reason,
          });
        });
        return;
      }
      this.setState({ status: 'error', reason: verdict.reason });
      return;
    }
    if (!this.everConnected) return; // next URL of the first round; still 'connecting'
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    this.setState({
      status: 'reconnecting',
      url: this.currentUrl,
      reason: verdict.reason,
      attempt: this.attempt,
      retryInMs: Math.min(initialDelayMs * 2 ** Math.max(0, this.attempt - 1), maxDelayMs),
    });
  }

  /** Sends the next waiting SUBSCRIBE, one at a time, each with a receipt. */
  private subscribeNext(): void {
    const client = this.client;
    if (!client?.connected || this.pendingSubscribeId !== null) return;
    const next = [...this.book.all()].find((sub) => sub.state.status === 'waiting');
    if (!next) return;
    const { id, destination, headers } = next.spec;
    const receipt = `subscribe-${id}-${++this.receiptCounter}`;
    this.pendingSubscribeId = id;
    this.setSubscriptionState(next, { status: 'subscribing' });
    const confirmed = () => {
      if (this.pendingSubscribeId !== id || this.client !== client) return;
      this.pendingSubscribeId = null;
      this.clearReceiptTimer();
      if (this.book.get(id) === next) this.setSubscriptionState(next, { status: 'subscribed' });
      this.subscribeNext();
    };
    client.watchForReceipt(receipt, confirmed);
    this.receiptTimer = setTimeout(confirmed, this.options.receiptTimeoutMs);
    const onMessage = next.handlers.onMessage;
    const deliver = counted(this.tapSession, id, onMessage);
    try {
      client.subscribe(destination, (message) => deliver(message), { ...headers, id, receipt });
    } catch (error) {
      this.pendingSubscribeId = null;
      this.clearReceiptTimer();
      this.setSubscriptionState(next, {
        status: 'error',
        reason: `Could not send SUBSCRIBE: ${errorMessage(error)}`,
      });
      this.subscribeNext();
    }
  }

  private clearReceiptTimer(): void {
    if (this.receiptTimer !== null) clearTimeout(this.receiptTimer);
    this.receiptTimer = null;
  }

  private setSubscriptionState(sub: WantedSubscription, state: SubscriptionState): void {
    this.book.setSubscriptionState(sub, state);
  }

  private setState(state: ConnectionState): void {
    this.book.setState(state);
  }
}
