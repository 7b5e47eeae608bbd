import { FrameImpl, Parser, type IRawFrameType, type IStompSocket } from '@stomp/stompjs';
import { StompConnection } from '../connection';

/**
 * An in-memory stand-in for RabbitMQ Web-STOMP, for unit tests in lib/ only (end-to-end
 * tests use the real broker). Framing is done by stompjs's own Parser and FrameImpl.
 * It imitates the failure modes that matter: refused logins with an ERROR frame, a refused
 * SUBSCRIBE or SEND that closes the whole connection with code 1000 and no ERROR frame, and a
 * publishing connection dropped mid-burst.
 */
export class FakeBroker {
  /** Every socket ever opened, newest last. */
  readonly sockets: FakeSocket[] = [];
  /**
   * Every frame clients sent, in order, with the socket index. Header values are as on the wire
   * (STOMP 1.2 escaped: `:` is `\c`).
   */
  readonly received: { socket: number; command: string; headers: Record<string, string> }[] = [];
  /** Destinations whose SUBSCRIBE closes the connection. */
  readonly refusedDestinations = new Set<string>();
  /** Destinations whose SEND closes the connection (code 1000, no ERROR frame), as for a missing exchange. */
  readonly refusedSendDestinations = new Set<string>();
  /** SEND frames received so far, on all sockets. */
  sendCount = 0;
  /**
   * When set, the socket that receives this SEND (counting all sockets, from 1) closes right after
   * it, abnormally and without answering its receipt, like a publishing connection dropped under
   * flow control. Cleared once it fired.
   */
  dropAfterSend: number | null = null;
  /** Close code used by {@link dropAfterSend}. */
  dropCode = 1006;
  /** When false, receipts on SEND frames are never answered (a broker that is slow to confirm). */
  answerSendReceipts = true;
  /** How many more receipts on SEND frames are answered before the broker falls silent. */
  sendReceiptsLeft = Number.POSITIVE_INFINITY;
  acceptLogin: (login: string, passcode: string) => boolean = () => true;
  /** When false, sockets fail to open (nothing listening). */
  listening = true;
  private messageCounter = 0;

  factory = (url: string): IStompSocket => {
    const socket = new FakeSocket(url, this, this.sockets.length);
    this.sockets.push(socket);
    queueMicrotask(() => {
      if (!this.listening) socket.serverClose(1006, '');
      else socket.open();
    });
    return socket;
  };

  get current(): FakeSocket {
    const socket = this.sockets[this.sockets.length - 1];
    if (!socket) throw new Error('no socket opened yet');
    return socket;
  }

  /** Frames of one command, e.g. all SUBSCRIBEs. */
  framesOf(command: string) {
    return this.received.filter((frame) => frame.command === command);
  }

  handle(socket: FakeSocket, frame: IRawFrameType): void {
    const headers: Record<string, string> = {};
    for (const [key, value] of frame.headers) if (!(key in headers)) headers[key] = value;
    this.received.push({ socket: socket.index, command: frame.command ?? '', headers });
    switch (frame.command ?? '') {
      case 'CONNECT':
      case 'STOMP':
        if (!this.acceptLogin(headers.login ?? '', headers.passcode ?? '')) {
          socket.sendFrame(
            'ERROR',
            { message: 'Bad CONNECT' },
            "Access refused for user '" + headers.login + "'",
          );
          socket.serverClose(1000, 'STOMP died');
          return;
        }
        socket.sendFrame('CONNECTED', {
          version: '1.2',
          'heart-beat': '0,0',
          server: 'FakeBroker/1.0',
        });
        return;
      case 'SUBSCRIBE':
        if (this.refusedDestinations.has(headers.destination ?? '')) {
          socket.serverClose(1000, 'STOMP died');
          return;
        }
        socket.subscriptions.set(headers.id ?? '', headers.destination ?? '');
        if (headers.receipt) socket.sendFrame('RECEIPT', { 'receipt-id': headers.receipt });
        return;
      case 'UNSUBSCRIBE':
        socket.subscriptions.delete(headers.id ?? '');
        return;
      case 'SEND':
        this.sendCount += 1;
        if (this.refusedSendDestinations.has(headers.destination ?? '')) {
          socket.serverClose(1000, 'STOMP died');
          return;
        }
        if (this.dropAfterSend !== null && this.sendCount >= this.dropAfterSend) {
          this.dropAfterSend = null;
          socket.serverClose(this.dropCode, '');
          return;
        }
        if (headers.receipt && this.answerSendReceipts && this.sendReceiptsLeft > 0) {
          this.sendReceiptsLeft -= 1;
          socket.sendFrame('RECEIPT', { 'receipt-id': headers.receipt });
        }
        return;
      case 'DISCONNECT':
        if (headers.receipt) socket.sendFrame('RECEIPT', { 'receipt-id': headers.receipt });
        socket.serverClose(1000, '');
        return;
      default:
        if (headers.receipt) socket.sendFrame('RECEIPT', { 'receipt-id': headers.receipt });
    }
  }

  /** Delivers a MESSAGE on the current socket to subscription `id`. */
  deliver(id: string, body: string, headers: Record<string, string> = {}): void {
    const socket = this.current;
    const destination = socket.subscriptions.get(id);
    if (destination === undefined) throw new Error(`no subscription ${id} on the current socket`);
    const messageId = `m-${++this.messageCounter}`;
    socket.sendFrame(
      'MESSAGE',
      { subscription: id, destination, 'message-id': messageId, ack: messageId, ...headers },
      body,
    );
  }
}

export class FakeSocket implements IStompSocket {
  readyState = 0;
  binaryType = 'arraybuffer';
  /** Bytes "not yet sent"; tests raise it to exercise backpressure. */
  bufferedAmount = 0;
  onclose: ((ev?: unknown) => unknown) | null = null;
  onerror: ((ev: unknown) => unknown) | null = null;
  onmessage: ((ev: unknown) => unknown) | null = null;
  onopen: ((ev?: unknown) => unknown) | null = null;
  readonly subscriptions = new Map<string, string>();
  private readonly parser: Parser;

  constructor(
    readonly url: string,
    private readonly broker: FakeBroker,
    readonly index: number,
  ) {
    this.parser = new Parser(
      (frame) => this.broker.handle(this, frame),
      () => {},
    );
  }

  open(): void {
    if (this.readyState !== 0) return;
    this.readyState = 1;
    this.onopen?.();
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.readyState !== 1) return;
    this.parser.parseChunk(data as string | ArrayBuffer);
  }

  close(): void {
    this.serverClose(1000, '');
  }

  /** The server side closes the socket (asynchronously, like a real one). */
  serverClose(code: number, reason: string): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code, reason, wasClean: code === 1000 }));
  }

  sendFrame(command: string, headers: Record<string, string>, body = ''): void {
    if (this.readyState !== 1) return;
    const data = FrameImpl.marshall({
      command,
      headers,
      body,
      escapeHeaderValues: command !== 'CONNECTED',
    });
    queueMicrotask(() => this.onmessage?.({ data }));
  }
}

/**
 * A connection for unit tests: guest/guest on vhost `/`, heartbeats off, fast reconnects,
 * sockets from `webSocketFactory` (a {@link FakeBroker}'s factory, or one wrapping it).
 */
export function testConnection(
  webSocketFactory: (url: string, protocols: string[]) => IStompSocket,
  urls = ['ws://fake/ws'],
): StompConnection {
  return new StompConnection({
    urls,
    login: 'guest',
    passcode: 'guest',
    vhost: '/',
    heartbeat: { incoming: 0, outgoing: 0 },
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    webSocketFactory,
  });
}
