import { bodyBytes, bodyText } from './body-format';
import { toBase64 } from './byte-codecs';
import type { PaneMessage } from './message';

/**
 * One exported message: what {@link toNdjsonLine} writes, as JSON, in this key order. Exactly
 * one of `body` and `bodyBase64` is present.
 */
export type NdjsonRecord = {
  /** Arrival time, ISO 8601 in UTC (`2024-05-01T12:00:00.000Z`). */
  receivedAt: string;
  destination: string;
  routingKey: string;
  headers: Record<string, string>;
} & ({ body: string } | { bodyBase64: string });

/**
 * One message as a single NDJSON line (no trailing newline).
 *
 * The body is written as `body` (text) whenever it is valid UTF-8, and as `bodyBase64`
 * otherwise. That is deliberately not {@link classifyBody}'s display rule: text with control
 * characters is still exact as a JSON string, so only bytes that cannot be text need base64, and
 * every body survives the round trip byte for byte. U+2028/U+2029 are written escaped, so tools
 * that split lines on them (Python's `splitlines`) still see one record per line.
 *
 * @example
 * ```ts
 * toNdjsonLine(message);
 * // '{"receivedAt":"2024-05-01T12:00:00.000Z","destination":"/topic/a.b","routingKey":"a.b",
 * //   "headers":{...},"body":"hello"}'   (on one line)
 * ```
 */
export function toNdjsonLine(message: PaneMessage): string {
  const text = bodyText(message);
  const base = {
    receivedAt: new Date(message.receivedAt).toISOString(),
    destination: message.destination,
    routingKey: message.routingKey,
    headers: { ...message.headers },
  };
  const record: NdjsonRecord =
    text === null ? { ...base, bodyBase64: toBase64(bodyBytes(message)) } : { ...base, body: text };
  return JSON.stringify(record).replace(/[\u2028\u2029]/g, (c) =>
    c === '\u2028' ? '\\u2028' : '\\u2029',
  );
}

/**
 * Messages as NDJSON: one {@link toNdjsonLine} per message, in the given order, each ending in
 * `\n`. An empty input gives an empty string.
 *
 * @example
 * ```ts
 * const file = new Blob([exportNdjson(store.messages())], { type: 'application/x-ndjson' });
 * ```
 */
export function exportNdjson(messages: Iterable<PaneMessage>): string {
  const lines: string[] = [];
  for (const message of messages) lines.push(toNdjsonLine(message), '\n');
  return lines.join('');
}
