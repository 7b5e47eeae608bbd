import type { IStompSocket } from '@stomp/stompjs';
import type { EventBatch, SocketEvent, ToWorker } from './protocol';

/** The page's end of the channel to the socket worker (a `Worker`, or a fake in tests). */
export interface RelayPort {
  postMessage(message: ToWorker, transfer: Transferable[]): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * Bytes of one received WebSocket message, as handed to stompjs.
 *
 * stompjs (with `logRawCommunication`, which we use because the alternative re-serialises every
 * frame) builds a debug string from each received chunk even when `debug` does nothing: a
 * TextDecoder pass over an ArrayBuffer, or a join of every byte for a plain Uint8Array. This
 * view keeps that string constant. Its parser copies the bytes with `new Uint8Array(chunk)`,
 * which works on any typed array.
 */
export class ReceivedChunk extends Uint8Array<ArrayBuffer> {
  override toString(): string {
    return '[received bytes]';
  }
}

/**
 * The page side of the socket relay: routes each batch from the worker to its sockets and
 * opens sockets there. One hub serves every relayed socket of the page.
 */
export class RelayHub {
  private readonly sockets = new Map<number, RelayedSocket>();
  private nextId = 1;
  private failure: string | null = null;

  constructor(private readonly port: RelayPort) {}

  /** Opens a socket in the worker; it behaves like a WebSocket to stompjs. */
  open(url: string, protocols: string[]): RelayedSocket {
    // `new WebSocket` throws on a malformed URL; so does this, before anything is posted.
    const protocol = new URL(url).protocol;
    if (protocol !== 'ws:' && protocol !== 'wss:') throw new SyntaxError(`Not a WebSocket URL: ${url}`);
    if (this.failure) throw new Error(this.failure);
    const id = this.nextId++;
    const socket = new RelayedSocket(id, url, this);
    this.sockets.set(id, socket);
    this.post({ type: 'open', id, url, protocols });
    return socket;
  }

  /** Delivers a batch from the worker, in order. */
  dispatch(batch: EventBatch): void {
    for (const event of batch.events) this.sockets.get(event.id)?.deliver(event);
  }

  /**
   * The worker died or never started: every socket errors and closes abnormally (so stompjs
   * reconnects, through whatever the factory hands out next), and no new socket opens here.
   */
  fail(reason: string): void {
    this.failure = reason;
    for (const socket of [...this.sockets.values()]) {
      socket.deliver({ kind: 'error', id: socket.id, message: reason });
      socket.deliver({ kind: 'close', id: socket.id, code: 1006, reason, wasClean: false });
    }
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Sockets open or opening now. */
  get size(): number {
    return this.sockets.size;
  }

  /** @internal */
  post(message: ToWorker, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** @internal */
  forget(id: number): void {
    this.sockets.delete(id);
  }
}

/**
 * A WebSocket whose real socket lives in the worker. It has what stompjs uses of a WebSocket
 * (`IStompSocket`). There is no `bufferedAmount`: the dashboard sends bulk runs on a direct
 * socket, where backpressure can be read, and relays only the sockets that mostly receive.
 */
export class RelayedSocket implements IStompSocket {
  readyState = CONNECTING;
  binaryType = 'arraybuffer';
  protocol = '';
  onopen: ((event?: unknown) => unknown) | null = null;
  onmessage: ((event: { data: ReceivedChunk | string }) => unknown) | null = null;
  onerror: ((event: unknown) => unknown) | null = null;
  onclose: ((event?: unknown) => unknown) | null = null;

  constructor(
    readonly id: number,
    readonly url: string,
    private readonly hub: RelayHub,
  ) {}

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.readyState === CONNECTING) throw new Error('Still connecting: the socket cannot send yet.');
    if (this.readyState !== OPEN) return; // like a WebSocket: sends after close are dropped
    if (typeof data === 'string') {
      this.hub.post({ type: 'send', id: this.id, data });
      return;
    }
    const bytes = toArrayBuffer(data);
    this.hub.post({ type: 'send', id: this.id, data: bytes }, [bytes]);
  }

  close(): void {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    this.hub.post({ type: 'close', id: this.id });
  }

  /** @internal Applies one event from the worker. */
  deliver(event: SocketEvent): void {
    switch (event.kind) {
      case 'open':
        if (this.readyState !== CONNECTING) return;
        this.readyState = OPEN;
        this.protocol = event.protocol;
        this.onopen?.({ type: 'open' });
        return;
      case 'message':
        if (this.readyState !== OPEN) return;
        this.onmessage?.({ data: typeof event.data === 'string' ? event.data : new ReceivedChunk(event.data) });
        return;
      case 'error':
        if (this.readyState === CLOSED) return;
        this.onerror?.({ type: 'error', message: event.message });
        return;
      case 'close':
        if (this.readyState === CLOSED) return;
        this.readyState = CLOSED;
        this.hub.forget(this.id);
        this.onclose?.({ type: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean });
        return;
    }
  }
}

function toArrayBuffer(data: ArrayBufferLike | Blob | ArrayBufferView): ArrayBuffer {
  if (ArrayBuffer.isView(data)) {
    // A copy of exactly the viewed bytes, which can then be transferred.
    const copy = new Uint8Array(data.byteLength);
    copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return copy.buffer;
  }
  if (data instanceof ArrayBuffer) return data.slice(0);
  throw new TypeError('Only text and bytes can be sent on a relayed socket.');
}
