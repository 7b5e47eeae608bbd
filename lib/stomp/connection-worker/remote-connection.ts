import { err, errorMessage, ok, type Result } from '@/lib/util/result';
import { loadedStompConnection } from '../connection-loader';
import {
  type ConnectionOptions,
  type ConnectionSettings,
  type ReceivedFrame,
  type ReceivingConnection,
  type SubscriptionHandlers,
  type SubscriptionSpec,
  type WantedSubscription,
} from '../connection';
import { BookedConnection, NOT_CONNECTED } from '../subscription-book';
import type { HostBatch, HostEvent, ToHost, WorkerConnectionOptions } from './protocol';

/** The page's way to the connection worker. */
export interface HostChannel {
  /**
   * Starts the worker; called once, when the first connection connects. The channel reports
   * back through `link.dispatch` and, when the worker cannot start or dies, `link.fail`. May
   * throw when no worker can be made at all.
   */
  start(link: ConnectionLink): void;
  post(command: ToHost): void;
}

/**
 * A connection on the page. Its code is fetched after hydration and `Dashboard.connect()` waits
 * for it, and a connection only moves to (or starts on) the page once the worker was asked for,
 * which only a connect does; so it is there by then.
 */
function pageConnection(options: ConnectionOptions): ReceivingConnection {
  const StompConnection = loadedStompConnection();
  if (!StompConnection) throw new Error('The page connection code is not loaded yet.');
  return new StompConnection(options);
}

/**
 * The page side of the connection worker: hands out {@link ReceivingConnection}s that run in
 * the worker, and routes the worker's events to them.
 *
 * When the worker cannot start, or dies later, every connection moves onto a
 * {@link StompConnection} on the page, with the same settings and subscriptions, and reconnects
 * if it was connected; connections created after that are plain ones from the start.
 */
export class ConnectionLink {
  private readonly remotes = new Map<number, RemoteConnection>();
  private idCounter = 0;
  private started = false;
  private failure: string | null = null;

  constructor(
    private readonly channel: HostChannel,
    private readonly createLocal: (
      options: ConnectionOptions,
    ) => ReceivingConnection = pageConnection,
  ) {}

  /** Creates a receiving connection. Nothing starts until it connects. */
  create = (options: ConnectionOptions): ReceivingConnection =>
    this.failure === null
      ? new RemoteConnection(this, ++this.idCounter, options)
      : this.createLocal(options);

  /** Why the worker is not used, or null while it is (or has not been needed yet). */
  get failed(): string | null {
    return this.failure;
  }

  /** Hands a batch from the worker to its connections, in order. */
  dispatch(batch: HostBatch): void {
    for (const event of batch.events) this.remotes.get(event.id)?.receive(event);
  }

  /** The worker is gone (or never came): everything moves to the page. */
  fail(reason: string): void {
    if (this.failure !== null) return;
    this.failure = reason;
    const moving = [...this.remotes.values()];
    this.remotes.clear();
    for (const remote of moving) remote.moveToPage();
  }

  /** @internal Where a connection that is about to connect runs: in the worker, or on the page. */
  attach(remote: RemoteConnection, id: number): 'worker' | 'page' {
    if (this.failure === null && !this.started) {
      this.started = true;
      try {
        this.channel.start(this);
      } catch (error) {
        this.fail(`The connection worker could not be created (${errorMessage(error)}).`);
      }
    }
    if (this.failure !== null) return 'page';
    this.remotes.set(id, remote);
    return 'worker';
  }

  /** @internal The connection is closed for good: no more events for it. */
  forget(id: number): void {
    this.remotes.delete(id);
  }

  /** @internal */
  post(command: ToHost): void {
    this.channel.post(command);
  }

  /** @internal */
  local(options: ConnectionOptions): ReceivingConnection {
    return this.createLocal(options);
  }
}

type Backend =
  { kind: 'none' } | { kind: 'worker' } | { kind: 'page'; connection: ReceivingConnection };

/**
 * A connection that runs in the connection worker, as the page sees it. It keeps the whole
 * record of what was asked of it (settings, subscriptions and their handlers, whether it should
 * be connected), so that record can be replayed: into the worker on the first connect, or into a
 * connection on the page when the worker fails. State is mirrored from the worker's events, so
 * reads are synchronous.
 */
export class RemoteConnection extends BookedConnection implements ReceivingConnection {
  private backend: Backend = { kind: 'none' };
  private readonly options: ConnectionOptions;
  private currentUrl = '';
  private shouldBeConnected = false;
  private replyCounter = 0;
  private readonly pendingDisconnects = new Map<number, () => void>();

  constructor(
    private readonly link: ConnectionLink,
    private readonly id: number,
    options: ConnectionOptions,
  ) {
    super();
    this.options = { ...options };
  }

  get url(): string {
    return this.backend.kind === 'page' ? this.backend.connection.url : this.currentUrl;
  }

  /** Where it runs now: nowhere yet, in the worker, or on the page (after a worker failure). */
  get runsIn(): Backend['kind'] {
    return this.backend.kind;
  }

  configure(settings: ConnectionSettings): void {
    Object.assign(this.options, settings);
    const backend = this.backend;
    if (backend.kind === 'worker')
      this.link.post({ type: 'configure', id: this.id, settings: { ...settings } });
    else if (backend.kind === 'page') backend.connection.configure(settings);
  }

  connect(): void {
    this.shouldBeConnected = true;
    const backend = this.backend;
    if (backend.kind === 'worker') this.link.post({ type: 'connect', id: this.id });
    else if (backend.kind === 'page') backend.connection.connect();
    else if (this.link.attach(this, this.id) === 'worker') this.startInWorker();
    else this.moveToPage();
  }

  disconnect(): Promise<void> {
    this.shouldBeConnected = false;
    const backend = this.backend;
    if (backend.kind === 'page') return backend.connection.disconnect();
    if (backend.kind === 'none') {
      this.book.resetSubscriptions();
      this.book.setState({ status: 'disconnected' });
      return Promise.resolve();
    }
    const reply = ++this.replyCounter;
    return new Promise<void>((resolve) => {
      this.pendingDisconnects.set(reply, resolve);
      this.link.post({ type: 'disconnect', id: this.id, reply });
    });
  }

  async close(): Promise<void> {
    const backend = this.backend;
    if (backend.kind === 'page') return backend.connection.close();
    await this.disconnect();
    if (this.backend.kind === 'worker') {
      this.link.post({ type: 'dispose', id: this.id });
      this.link.forget(this.id);
    } else if (this.backend.kind === 'page') {
      // The worker failed while this was disconnecting there.
      await this.backend.connection.close();
    }
  }

  subscribe(spec: SubscriptionSpec, handlers: SubscriptionHandlers): Result<void> {
    const added = this.book.add(spec, handlers);
    if (!added.ok) return added;
    const sub = added.value;
    const backend = this.backend;
    if (backend.kind === 'page') return this.subscribeOnPage(backend.connection, sub);
    handlers.onState?.(sub.state);
    if (backend.kind === 'worker')
      this.link.post({ type: 'subscribe', id: this.id, spec: cloneSpec(spec) });
    return ok(undefined);
  }

  unsubscribe(id: string): void {
    if (!this.book.remove(id)) return;
    const backend = this.backend;
    if (backend.kind === 'worker')
      this.link.post({ type: 'unsubscribe', id: this.id, subscriptionId: id });
    else if (backend.kind === 'page') backend.connection.unsubscribe(id);
  }

  ack(ackId: string, subscriptionId: string): Result<void> {
    const backend = this.backend;
    if (backend.kind === 'page') return backend.connection.ack(ackId, subscriptionId);
    return this.whileConnected({ type: 'ack', id: this.id, ackId, subscriptionId });
  }

  nack(ackId: string, subscriptionId: string, requeue: boolean): Result<void> {
    const backend = this.backend;
    if (backend.kind === 'page') return backend.connection.nack(ackId, subscriptionId, requeue);
    return this.whileConnected({ type: 'nack', id: this.id, ackId, subscriptionId, requeue });
  }

  /** @internal One event from the worker about this connection. */
  receive(event: HostEvent): void {
    if (this.backend.kind !== 'worker') return;
    switch (event.kind) {
      case 'message':
        this.book
          .get(event.subscriptionId)
          ?.handlers.onMessage(new PlainFrame(event.headers, event.body));
        return;
      case 'subscription': {
        const sub = this.book.get(event.subscriptionId);
        if (sub) this.book.setSubscriptionState(sub, event.state);
        return;
      }
      case 'state':
        this.currentUrl = event.url;
        this.book.setState(event.state);
        return;
      case 'disconnected':
        this.pendingDisconnects.get(event.reply)?.();
        this.pendingDisconnects.delete(event.reply);
        return;
      case 'refused':
        // Only a race leads here (an ACK sent as the connection dropped; its message is
        // redelivered and the pane forgets it on the drop), so there is nothing to undo.
        return;
    }
  }

  /** @internal Replays the record onto a connection on this thread; the worker is out of the picture. */
  moveToPage(): void {
    if (this.backend.kind === 'page') return;
    const connection = this.link.local(this.options);
    this.backend = { kind: 'page', connection };
    connection.onStateChange((state) => this.book.setState(state));
    for (const sub of this.book.all()) this.subscribeOnPage(connection, sub);
    for (const resolve of this.pendingDisconnects.values()) resolve();
    this.pendingDisconnects.clear();
    if (this.shouldBeConnected) connection.connect();
  }

  private startInWorker(): void {
    this.backend = { kind: 'worker' };
    this.link.post({ type: 'create', id: this.id, options: workerOptions(this.options) });
    for (const sub of this.book.all())
      this.link.post({ type: 'subscribe', id: this.id, spec: cloneSpec(sub.spec) });
    this.link.post({ type: 'connect', id: this.id });
  }

  private subscribeOnPage(connection: ReceivingConnection, sub: WantedSubscription): Result<void> {
    return connection.subscribe(sub.spec, {
      onMessage: sub.handlers.onMessage,
      onState: (state) => this.book.setSubscriptionState(sub, state),
    });
  }

  private whileConnected(command: ToHost): Result<void> {
    if (this.backend.kind !== 'worker' || this.book.state.status !== 'connected')
      return err(NOT_CONNECTED);
    this.link.post(command);
    return ok(undefined);
  }
}

/** The data part of the options: factories stay on the page (the worker uses its own WebSocket). */
function workerOptions(options: ConnectionOptions): WorkerConnectionOptions {
  const { urls, login, passcode, vhost, heartbeat, reconnect, connectTimeoutMs, receiptTimeoutMs } =
    options;
  const data: WorkerConnectionOptions = { urls: [...urls], login, passcode, vhost };
  if (heartbeat) data.heartbeat = { ...heartbeat };
  if (reconnect) data.reconnect = { ...reconnect };
  if (connectTimeoutMs !== undefined) data.connectTimeoutMs = connectTimeoutMs;
  if (receiptTimeoutMs !== undefined) data.receiptTimeoutMs = receiptTimeoutMs;
  return data;
}

function cloneSpec(spec: SubscriptionSpec): SubscriptionSpec {
  return { id: spec.id, destination: spec.destination, headers: { ...spec.headers } };
}

let encoder: TextEncoder | undefined;
let decoder: TextDecoder | undefined;

/** A received message rebuilt from the worker's data; the other form of the body is made on first read. */
export class PlainFrame implements ReceivedFrame {
  readonly isBinaryBody: boolean;
  private bytes: Uint8Array | undefined;
  private text: string | undefined;

  constructor(
    readonly headers: Readonly<Record<string, string>>,
    body: Uint8Array | string,
  ) {
    this.isBinaryBody = typeof body !== 'string';
    if (typeof body === 'string') this.text = body;
    else this.bytes = body;
  }

  get binaryBody(): Uint8Array {
    this.bytes ??= (encoder ??= new TextEncoder()).encode(this.text);
    return this.bytes;
  }

  get body(): string {
    this.text ??= (decoder ??= new TextDecoder()).decode(this.bytes);
    return this.text;
  }
}
