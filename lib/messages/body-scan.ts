import type { PaneMessage } from './message';
import { cachedBodyText, decodeUtf8 } from './body-format';

/**
 * Reading bodies in passes over many messages: a filter over the whole buffer (200,000), a
 * field chart at 10,000 messages a second. Two costs dominate there, and neither is the
 * decoding itself:
 *
 * - **Keeping the text.** `bodyText` files each decoded text in a per-message cache, right for
 *   the few rows on screen; for 200,000 bodies, keeping them costs more than decoding them (the
 *   garbage collector copies each out of the young generation: in Node 35–80 ms of CPU to decode
 *   200,000 bodies of 100 bytes, 140–190 ms to decode and keep them) and leaves tens of MB
 *   behind. So these read the cache when a row filled it, and otherwise keep nothing.
 * - **One `TextDecoder` call per body.** In Chromium each call costs ~1.5 µs whatever the size
 *   (329 ms for 200,000 bodies of 100 bytes; parsing them all as JSON took 139 ms). So a pass
 *   first hands each batch of messages to {@link prefetchBodyTexts}, which decodes their small
 *   bodies with one call (117 ms for decoding and parsing all 200,000 that way).
 */

/** The bodies decoded by the last {@link prefetchBodyTexts}, until the next one. */
const prefetched = new Map<PaneMessage, string>();
/** Bodies up to this size are decoded together; a bigger one is worth its own call. */
const SMALL_BODY_BYTES = 4096;
/** The most bytes decoded in one call. */
const BATCH_BYTES = 64 * 1024;
const buffer = new Uint8Array(BATCH_BYTES);
const pending: PaneMessage[] = [];
const starts: number[] = [];
let used = 0;

/**
 * Decodes the small byte bodies of `messages` (not yet in the text cache) with as few
 * `TextDecoder` calls as possible, for {@link scanBodyText} to read while it tests them. It
 * decodes their bytes laid end to end; when the text has exactly as many characters as there
 * were bytes, every byte was ASCII, so each body's text is the slice at its byte offsets.
 * Otherwise (a character outside ASCII, a byte-order mark, invalid UTF-8), it keeps nothing of
 * that batch and each of those bodies is decoded alone, exactly as before. Replaces what the
 * previous call kept, so at most one batch of texts is ever held.
 */
export function prefetchBodyTexts(messages: readonly PaneMessage[]): void {
  prefetched.clear();
  for (const message of messages) {
    const { body } = message;
    if (typeof body === 'string' || body.byteLength > SMALL_BODY_BYTES) continue;
    if (cachedBodyText(message) !== undefined) continue;
    if (used + body.byteLength > BATCH_BYTES) decodePending();
    buffer.set(body, used);
    pending.push(message);
    starts.push(used);
    used += body.byteLength;
  }
  decodePending();
}

function decodePending(): void {
  if (pending.length > 0) {
    const decoded = decodeUtf8(buffer.subarray(0, used));
    if (decoded.ok && decoded.text.length === used) {
      const { text } = decoded;
      for (let k = 0; k < pending.length; k++)
        prefetched.set(pending[k]!, text.slice(starts[k]!, starts[k + 1] ?? used));
    }
  }
  pending.length = 0;
  starts.length = 0;
  used = 0;
}

/**
 * The body as text (`null` when it is not valid UTF-8): from the text cache, from the last
 * {@link prefetchBodyTexts}, or decoded now and not kept.
 */
export function scanBodyText(message: PaneMessage): string | null {
  const cached = cachedBodyText(message);
  if (cached !== undefined) return cached;
  const batched = prefetched.get(message);
  if (batched !== undefined) return batched;
  const decoded = decodeUtf8(message.body as Uint8Array);
  return decoded.ok ? decoded.text : null;
}
