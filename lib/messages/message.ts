import type { ReceivedFrame } from '@/lib/stomp/connection';

/**
 * One message as a pane stores it. Built by {@link fromStompFrame} on the hot path, so it holds
 * the body exactly as it arrived (bytes or text) and nothing that needs decoding: previews,
 * classification and pretty-printing happen later, for visible rows only (see `body-format.ts`).
 */
export interface PaneMessage {
  /** Arrival number within the pane, starting at 1. */
  readonly seq: number;
  /** When it arrived, in epoch milliseconds (`Date.now()`). */
  readonly receivedAt: number;
  /**
   * The AMQP routing key, read from the MESSAGE `destination` header (see {@link routingKeyOf}):
   * `/topic/a.b` gives `a.b`, `/exchange/x/k` gives `k`, `/queue/q` gives `q`.
   */
  readonly routingKey: string;
  /** The MESSAGE `destination` header as the broker wrote it (not the subscribed destination). */
  readonly destination: string;
  /**
   * The frame's headers. Shared with the stompjs frame, not copied (stompjs builds a fresh object
   * for every frame): treat as read-only.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received: the frame's bytes when it carried bytes, else its text. */
  readonly body: Uint8Array | string;
  /** Body size in bytes. */
  readonly size: number;
  /**
   * Whether `body` holds raw bytes (the frame's `isBinaryBody`). This says how the body is
   * *stored*, not what it contains: stompjs 7 hands every frame received from the broker over as
   * bytes, so this is true for all of them. Ask `classifyBody` whether the content is text,
   * JSON or binary.
   */
  readonly binary: boolean;
  /** The `redelivered` header was `true`. */
  readonly redelivered: boolean;
  /** The `message-id` header. */
  readonly messageId: string | undefined;
  /** The `ack` header (STOMP 1.2, sent when the subscription acks manually). */
  readonly ackId: string | undefined;
}

/**
 * Builds the record a pane stores from a received frame, cheaply enough for 10,000 calls a
 * second: it reads whichever of `binaryBody`/`body` the frame already holds (never both, so
 * stompjs neither decodes nor encodes), keeps the header object as is, and decodes nothing.
 *
 * Size: the byte length of the bytes when the frame holds bytes (exact, and O(1)); for a text
 * frame, the `content-length` header when it is a valid number, else the text's UTF-8 length.
 *
 * @param seq - the pane's arrival number for this message (1 for the first).
 * @param now - arrival time in epoch ms, normally `Date.now()`.
 *
 * @example
 * ```ts
 * client.subscribe(dest, (frame) => store.receive(fromStompFrame(frame, ++seq, Date.now())));
 * ```
 */
export function fromStompFrame(frame: ReceivedFrame, seq: number, now: number): PaneMessage {
  const headers = frame.headers;
  const destination = headers['destination'] ?? '';
  const binary = frame.isBinaryBody;
  let body: Uint8Array | string;
  let size: number;
  if (binary) {
    body = frame.binaryBody;
    size = body.byteLength;
  } else {
    body = frame.body;
    size = parseContentLength(headers['content-length']) ?? utf8ByteLength(body);
  }
  return {
    seq,
    receivedAt: now,
    routingKey: routingKeyOf(destination),
    destination,
    headers,
    body,
    size,
    binary,
    redelivered: headers['redelivered'] === 'true',
    messageId: headers['message-id'],
    ackId: headers['ack'],
  };
}

/**
 * The AMQP routing key encoded in a MESSAGE `destination` header.
 *
 * RabbitMQ writes that header from the delivery's exchange and routing key: `/topic/RK` for
 * amq.topic, `/exchange/X/RK` (or `/exchange/X` for an empty key) for other exchanges, and
 * `/queue/RK` for the default exchange, where the routing key is the queue name. A `/` inside a
 * name is written `%2F`; this undoes that (and only that), as RabbitMQ's own parser does.
 * Prefixes a client could send (`/amq/queue/`, `/reply-queue/`, `/temp-queue/`) are handled the
 * same way; anything unrecognised is returned unchanged.
 *
 * @example
 * ```ts
 * routingKeyOf('/topic/a.b'); // 'a.b'
 * routingKeyOf('/exchange/x/k'); // 'k'
 * routingKeyOf('/exchange/x'); // ''
 * routingKeyOf('/queue/a%2Fb'); // 'a/b'
 * ```
 */
export function routingKeyOf(destination: string): string {
  let key: string;
  if (destination.startsWith('/topic/')) key = destination.slice(7);
  else if (destination.startsWith('/exchange/')) {
    const slash = destination.indexOf('/', 10);
    key = slash === -1 ? '' : destination.slice(slash + 1);
  } else if (destination.startsWith('/queue/')) key = destination.slice(7);
  else if (destination.startsWith('/amq/queue/')) key = destination.slice(11);
  else if (destination.startsWith('/reply-queue/')) key = destination.slice(13);
  else if (destination.startsWith('/temp-queue/')) key = destination.slice(12);
  else return destination;
  return key.includes('%2F') ? key.replaceAll('%2F', '/') : key;
}

/** UTF-8 byte length of a string without encoding it. Lone surrogates count as U+FFFD (3 bytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function parseContentLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
