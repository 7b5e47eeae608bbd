import type { EventBatch, SocketEvent, ToWorker } from './protocol';

/** The parts of a browser WebSocket the relay uses. */
export interface RelaySocket {
  binaryType: string;
  readonly protocol?: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(): void;
}

export interface RelayOptions {
  /** Posts a batch to the page, transferring the listed buffers. */
  post: (batch: EventBatch, transfer: ArrayBuffer[]) => void;
  /** Opens a real socket (in the worker: `new WebSocket(url, protocols)`). */
  createSocket: (url: string, protocols: string[]) => RelaySocket;
  /** Runs `callback` after `ms` (in the worker: `setTimeout`). */
  setTimer?: (callback: () => void, ms: number) => void;
  /** How long received messages wait to be posted together. */
  batchDelayMs?: number;
  /**
   * A batch this long is posted at once, without waiting. Each batch is one task on the page,
   * so this bounds how long one task parses: when the worker got its thread late and holds a
   * backlog, the page gets several short tasks, with rendering in between, not one long one.
   */
  maxBatch?: number;
}

/**
 * The worker side of the socket relay: owns the real WebSockets and hands what they receive to
 * the page in batches.
 *
 * Why: a browser runs every received WebSocket message as its own task on the thread that owns
 * the socket. On the page's main thread, at thousands of messages a second, that per-message
 * task overhead cost more than parsing them, and the steady stream of tasks kept the browser
 * from rendering for ~100 ms at a time (8 fps). Owned by a worker, those tasks run there; the
 * page gets one task per batch, parses the bytes with stompjs and renders in between.
 *
 * Order is kept per socket and across sockets: events leave in the order they arrived. Open,
 * error and close events are posted at once (with the messages before them); messages wait at
 * most `batchDelayMs`. Nothing is dropped or sampled.
 */
export class SocketRelay {
  private readonly sockets = new Map<number, RelaySocket>();
  private queue: SocketEvent[] = [];
  private transfer: ArrayBuffer[] = [];
  private timerPending = false;
  private readonly setTimer: (callback: () => void, ms: number) => void;
  private readonly batchDelayMs: number;
  private readonly maxBatch: number;

  constructor(private readonly options: RelayOptions) {
    this.setTimer = options.setTimer ?? ((callback, ms) => void setTimeout(callback, ms));
    this.batchDelayMs = options.batchDelayMs ?? 4;
    this.maxBatch = options.maxBatch ?? 200;
  }

  /** Handles one message from the page. */
  handle(message: ToWorker): void {
    switch (message.type) {
      case 'open':
        this.open(message.id, message.url, message.protocols);
        return;
      case 'send': {
        const socket = this.sockets.get(message.id);
        try {
          socket?.send(message.data);
        } catch (error) {
          this.push({ kind: 'error', id: message.id, message: describe(error) }, true);
        }
        return;
      }
      case 'close':
        this.sockets.get(message.id)?.close();
        return;
    }
  }

  /** Sockets open or opening now. */
  get size(): number {
    return this.sockets.size;
  }

  private open(id: number, url: string, protocols: string[]): void {
    let socket: RelaySocket;
    try {
      socket = this.options.createSocket(url, protocols);
    } catch (error) {
      // What `new WebSocket` throws (a malformed URL) becomes an error and an abnormal close.
      this.push({ kind: 'error', id, message: describe(error) }, false);
      this.push({ kind: 'close', id, code: 1006, reason: describe(error), wasClean: false }, true);
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.sockets.set(id, socket);
    socket.onopen = () => this.push({ kind: 'open', id, protocol: socket.protocol ?? '' }, true);
    socket.onmessage = (event) => {
      const data = toTransferable(event.data);
      if (data === null) {
        // Only with a binaryType other than the 'arraybuffer' set above; said, never skipped silently.
        this.push({ kind: 'error', id, message: `Received a ${describeType(event.data)} the relay cannot pass on` }, true);
        return;
      }
      if (typeof data !== 'string') this.transfer.push(data);
      this.push({ kind: 'message', id, data }, false);
    };
    socket.onerror = () => this.push({ kind: 'error', id, message: 'WebSocket error' }, false);
    socket.onclose = (event) => {
      this.sockets.delete(id);
      this.push({ kind: 'close', id, code: event.code, reason: event.reason, wasClean: event.wasClean }, true);
    };
  }

  private push(event: SocketEvent, now: boolean): void {
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
    const batch: EventBatch = { type: 'events', events: this.queue };
    const transfer = this.transfer;
    this.queue = [];
    this.transfer = [];
    this.options.post(batch, transfer);
  }
}

function toTransferable(data: unknown): string | ArrayBuffer | null {
  if (typeof data === 'string' || data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  return null;
}

function describeType(data: unknown): string {
  return data === null || typeof data !== 'object' ? typeof data : (data.constructor?.name ?? 'object');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
