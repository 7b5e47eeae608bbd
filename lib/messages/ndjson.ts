import { bodyBytes, bodyText } from './body-format';
import { toBase64 } from './byte-codecs';
import type { PaneMessage } from './message';

/**
 * One exported or recorded message: what {@link toNdjsonLine} writes, as JSON, in this key
 * order. Exactly one of `body` and `bodyBase64` is present. It is a line of a capture file
 * (`lib/capture/format.ts`), after the line that describes the capture.
 */
export type NdjsonRecord = {
  /** Milliseconds after the capture started (its first line's `startedAt`). */
  offsetMs: number;
  /** Arrival time, ISO 8601 in UTC (`2024-05-01T12:00:00.000Z`). */
  receivedAt: string;
  /** The MESSAGE `destination` header as the broker wrote it. */
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
 * @param startedAt - when the capture started (epoch ms); `offsetMs` counts from it.
 *
 * @example
 * ```ts
 * toNdjsonLine(message, message.receivedAt - 5);
 * // '{"offsetMs":5,"receivedAt":"2024-05-01T12:00:00.000Z","destination":"/topic/a.b",
 * //   "routingKey":"a.b","headers":{...},"body":"hello"}'   (on one line)
 * ```
 */
export function toNdjsonLine(message: PaneMessage, startedAt: number): string {
  const text = bodyText(message);
  const base = {
    offsetMs: Math.max(0, message.receivedAt - startedAt),
    receivedAt: new Date(message.receivedAt).toISOString(),
    destination: message.destination,
    routingKey: message.routingKey,
    headers: { ...message.headers },
  };
  const record: NdjsonRecord =
    text === null ? { ...base, bodyBase64: toBase64(bodyBytes(message)) } : { ...base, body: text };
  return escapeLineSeparators(JSON.stringify(record));
}

/** JSON text with U+2028/U+2029 escaped, so it stays one line for every line splitter. */
export function escapeLineSeparators(json: string): string {
  return json.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}
