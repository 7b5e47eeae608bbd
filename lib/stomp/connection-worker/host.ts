import type { ReceivingConnection } from '../connection';
import type { HostBatch, HostEvent, ToHost, WorkerConnectionOptions } from './protocol';

export interface HostOptions {
  /** Posts a batch to the page. */
  post: (batch: HostBatch) => void;
  /** Creates a connection (in the worker: a `StompConnection` on the worker's own WebSocket). */
  createConnection: (options: WorkerConnectionOptions) => ReceivingConnection;
  /** Runs `callback` after `ms` (in the worker: `setTimeout`). */
  setTimer?: (callback: () => void, ms: number) => void;
  /** How long received messages wait to be posted together. */
  batchDelayMs?: number;
  /**
   * A batch this long is posted at once. Each batch is one task on the page, so this bounds how
   * long one task takes there: a backlog reaches the page as several short tasks with frames
   * between them, not one long one.
   */
  maxBatch?: number;
}

/**
 * The worker side of the page's receiving connections: runs them and posts what happens on them
 * to the page in ordered batches.
 *
 * Why: at thousands of messages a second, stompjs's byte-by-byte parsing, and one browser task
 * per WebSocket message, took a fifth of the page's main thread and kept it from rendering. Here
 * they run on the worker's thread; the page gets one task per batch of ready-made messages.
 *
 * Order is kept per connection and across them. State changes are posted at once, with the
 * messages before them; messages wait at most `batchDelayMs`. Nothing is dropped or sampled.
 */
export class ConnectionHost {
  private readonly connections = new Map<
    number,
    { connection: ReceivingConnection; stopListening: () => void }
  >();
  private queue: HostEvent[] = [];
  private timerPending = false;
  private readonly setTimer: (callback: () => void, ms: number) => void;
  private readonly batchDelayMs: number;
  private readonly maxBatch: number;

  constructor(private readonly options: HostOptions) {
    this.setTimer = options.setTimer ?? ((callback, ms) => void setTimeout(callback, ms));
    this.batchDelayMs = options.batchDelayMs ?? 4;
    this.maxBatch = options.maxBatch ?? 200;
  }

  /** Connections created so far and not disposed. */
  get size(): number {
    return this.connections.size;
  }

  /** Handles one command from the page. */
  handle(command: ToHost): void {
    if (command.type === 'create') {
      this.create(command.id, command.options);
      return;
    }
    const connection = this.connections.get(command.id)?.connection;
    if (!connection) {
      this.push(
        {
          kind: 'refused',
          id: command.id,
          command: command.type,
          error: `No connection ${command.id} in the worker.`,
        },
        true,
      );
      return;
    }
    switch (command.type) {
      case 'configure':
        connection.configure(command.settings);
        return;
      case 'connect':
        connection.connect();
        return;
      case 'disconnect':
        void connection
          .disconnect()
          .then(() =>
            this.push({ kind: 'disconnected', id: command.id, reply: command.reply }, true),
          );
        return;
      case 'dispose':
        this.connections.get(command.id)?.stopListening();
        this.connections.delete(command.id);
        void connection.close();
        return;
      case 'subscribe':
        this.subscribe(command.id, connection, command);
        return;
      case 'unsubscribe':
        connection.unsubscribe(command.subscriptionId);
        return;
      case 'ack':
      case 'nack': {
        const result =
          command.type === 'ack'
            ? connection.ack(command.ackId, command.subscriptionId)
            : connection.nack(command.ackId, command.subscriptionId, command.requeue);
        if (!result.ok)
          this.push(
            { kind: 'refused', id: command.id, command: command.type, error: result.error },
            true,
          );
        return;
      }
    }
  }

  private create(id: number, options: WorkerConnectionOptions): void {
    const connection = this.options.createConnection(options);
    const stopListening = connection.onStateChange((state) =>
      this.push({ kind: 'state', id, state, url: connection.url }, true),
    );
    this.connections.set(id, { connection, stopListening });
  }

  private subscribe(
    id: number,
    connection: ReceivingConnection,
    command: Extract<ToHost, { type: 'subscribe' }>,
  ): void {
    const subscriptionId = command.spec.id;
    const result = connection.subscribe(command.spec, {
      onMessage: (frame) =>
        this.push(
          {
            kind: 'message',
            id,
            subscriptionId,
            headers: frame.headers as Record<string, string>,
            // Whichever form the frame holds, so stompjs neither decodes nor encodes here.
            body: frame.isBinaryBody ? frame.binaryBody : frame.body,
          },
          false,
        ),
      onState: (state) => this.push({ kind: 'subscription', id, subscriptionId, state }, true),
    });
    if (!result.ok)
      this.push({ kind: 'refused', id, command: 'subscribe', error: result.error }, true);
  }

  private push(event: HostEvent, now: boolean): void {
    this.queue.push(event);
    if (now || this.queue.length >= this.maxBatch) {
      this.flush();
      return;
    }
    if (!this.timerPending) {
      this.timerPending = true;
      this.setTimer(() => {
        this.timerPending = false;
        this.flush();
      }, this.batchDelayMs);
    }
  }

  /** Posts everything queued (a no-op when nothing is). */
  flush(): void {
    if (this.queue.length === 0) return;
    const batch: HostBatch = { type: 'events', events: this.queue };
    this.queue = [];
    this.options.post(batch);
  }
}
