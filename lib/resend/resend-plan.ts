import { SEQUENCE_HEADER } from '@/lib/delivery/tally';
import { bodyBytes, bodyText, classifyBody } from '@/lib/messages/body-format';
import { toBase64 } from '@/lib/messages/byte-codecs';
import type { PaneMessage } from '@/lib/messages/message';
import { formatDestination, parseDestination } from '@/lib/routing/destination';
import type { BodyEncoding } from '@/lib/send/encoding';

/**
 * Headers a received message carries that the broker, STOMP or the dashboard set for this one
 * delivery, so sending them again would be wrong or refused: `message-id` (RabbitMQ closes the
 * connection over it on SEND), `destination` and `receipt` (the sender's), `content-length`
 * (the client computes it), `subscription`, `ack`, `redelivered` (per delivery),
 * `x-stream-offset` (where a stream stored it) and the dashboard's own sequence header (a new
 * send gets a new one).
 */
export const DELIVERY_HEADERS: readonly string[] = [
  'message-id',
  'subscription',
  'destination',
  'ack',
  'redelivered',
  'content-length',
  'receipt',
  'x-stream-offset',
  SEQUENCE_HEADER,
];

const DROPPED = new Set(DELIVERY_HEADERS);

/** Where a resend goes, and why when it is not where the message came through. */
export interface ResendTarget {
  destination: string;
  /** Set when the destination is the pane's own because the message's way in cannot be known. */
  note?: string;
}

/**
 * Where to send a received message again: where it came through, when that can be known from
 * the pane's destination and the message's routing key.
 *
 * - `/exchange/X/pattern` → `/exchange/X/<routing key>` (the exchange routes it as it did)
 * - `/topic/pattern` → `/topic/<routing key>`
 * - `/queue/q`, `/amq/queue/q` → the same queue
 * - `/temp-queue/…`, `/reply-queue/…`, the firehose (`amq.rabbitmq.trace`) or anything
 *   unparsable → the pane's destination, with a note saying why
 *
 * @example
 * resendTarget('/exchange/amq.topic/orders.#', 'orders.eu') // { destination: '/exchange/amq.topic/orders.eu' }
 */
export function resendTarget(paneDestination: string, routingKey: string): ResendTarget {
  const parsed = parseDestination(paneDestination);
  if (!parsed.ok) {
    return {
      destination: paneDestination,
      note: `The pane's destination could not be read (${parsed.error}), so it is used as is.`,
    };
  }
  const d = parsed.value;
  switch (d.kind) {
    case 'exchange':
      if (d.exchange === 'amq.rabbitmq.trace') {
        return {
          destination: paneDestination,
          note: 'This pane taps the firehose: its copies do not carry the original routing key or headers, so the resend goes to the pane’s destination. Type the real one if you know it.',
        };
      }
      return { destination: formatDestination({ ...d, pattern: routingKey }) };
    case 'topic':
      return { destination: formatDestination({ kind: 'topic', pattern: routingKey }) };
    case 'queue':
    case 'amq-queue':
      return { destination: paneDestination };
    case 'temp-queue':
    case 'reply-queue':
      return {
        destination: paneDestination,
        note: 'A reply queue belongs to the connection that made it: the way this message came in cannot be known, so the resend goes to the pane’s destination.',
      };
  }
}

/** The headers to send again, and the names of those left out (in the message's order). */
export interface ResendHeaders {
  headers: Record<string, string>;
  dropped: string[];
}

/** Splits a message's headers into those it is sent again with and those set for its delivery. */
export function resendHeaders(headers: Readonly<Record<string, string>>): ResendHeaders {
  const kept: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (DROPPED.has(name.toLowerCase())) dropped.push(name);
    else kept[name] = value;
  }
  return { headers: kept, dropped };
}

/** A body as the Send form holds it: text, JSON text, or base64 for binary bodies. */
export interface FormBody {
  body: string;
  encoding: BodyEncoding;
}

/** The message's body for the Send form, in the encoding that keeps it byte for byte. */
export function formBody(message: PaneMessage): FormBody {
  const kind = classifyBody(message);
  const text = bodyText(message);
  // Control characters would not survive a textarea: binary-looking text goes as base64 too.
  if (text === null || kind === 'binary') {
    return { body: toBase64(bodyBytes(message)), encoding: 'base64' };
  }
  return { body: text, encoding: kind === 'json' ? 'json' : 'text' };
}

/** Everything needed to send a message again: see {@link planResend}. */
export interface ResendPlan extends ResendTarget, ResendHeaders {
  /** The body exactly as received. */
  bytes: Uint8Array;
}

/**
 * How to send `message`, received by a pane on `paneDestination`, again: destination, kept and
 * dropped headers, and the body's bytes.
 */
export function planResend(message: PaneMessage, paneDestination: string): ResendPlan {
  return {
    ...resendTarget(paneDestination, message.routingKey),
    ...resendHeaders(message.headers),
    bytes: bodyBytes(message),
  };
}

/** One sentence listing the headers left out, or '' when none were. */
export function describeDropped(dropped: readonly string[]): string {
  if (dropped.length === 0) return '';
  return `Left out, as the broker or STOMP set them for this delivery: ${dropped.join(', ')}.`;
}
