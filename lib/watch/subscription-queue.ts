import { md5 } from '@noble/hashes/legacy.js';
import type { ConsumedQueue } from './consume-warning';

/** The names the broker may give `queue` (a `QueueNamer`). */
export function queueNames(queue: ConsumedQueue): readonly string[] {
  return queue.kind === 'named'
    ? [queue.name]
    : durableSubscriptionQueueNames(queue.pattern, queue.subscriptionId);
}

/**
 * The name RabbitMQ's STOMP adapter gives the queue of a durable subscription to `/topic/P` or
 * `/exchange/X/P` that names none with `x-queue-name`: every SUBSCRIBE with `durable:true` (or
 * `persistent:true`) and the same id and pattern, from any connection, shares that queue and
 * takes turns on it. `rabbit_stomp_util:subscription_queue_name` makes it as
 * `stomp-subscription-` + base64url(md5(term_to_binary({P, Id}))), the exchange left out and
 * `%2F` in P read as `/`.
 *
 * RabbitMQ 3.10 holds P and Id as strings (lists of bytes; checked against 3.10.8 with ASCII,
 * UTF-8, `/` and empty patterns), later versions as binaries: both names are returned, 3.10's
 * first, and the caller looks for whichever the broker has.
 *
 * @example durableSubscriptionQueueNames('exp.a.b', 'dur-x1')[0] // 'stomp-subscription-B3YcHTiVsCx697TQHO1x4w'
 */
export function durableSubscriptionQueueNames(
  pattern: string,
  subscriptionId: string,
): [string, string] {
  const name = (encode: (text: string) => number[]) =>
    `stomp-subscription-${base64url(md5(new Uint8Array([...TUPLE_OF_TWO, ...encode(pattern), ...encode(subscriptionId)])))}`;
  return [name(erlangString), name(erlangBinary)];
}

/** Erlang's external term format: version 131, SMALL_TUPLE_EXT (104) of arity 2. */
const TUPLE_OF_TWO = [131, 104, 2];

/**
 * A string (a list of bytes) as term_to_binary writes it: NIL_EXT for the empty list, else
 * STRING_EXT with a 2-byte length. Patterns and ids are at most 255 bytes (RabbitMQ's limit on
 * binding keys and consumer tags), far below STRING_EXT's 65,535.
 */
function erlangString(text: string): number[] {
  const bytes = utf8(text);
  if (bytes.length === 0) return [106];
  return [107, bytes.length >> 8, bytes.length & 0xff, ...bytes];
}

/** A binary as term_to_binary writes it: BINARY_EXT with a 4-byte length. */
function erlangBinary(text: string): number[] {
  const bytes = utf8(text);
  const n = bytes.length;
  return [109, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, ...bytes];
}

function utf8(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

/** `rabbit_misc:base64url`: base64 with `-` and `_`, without padding. */
function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
