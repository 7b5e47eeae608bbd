import type { PaneMessage } from './message';
import { cachedBodyText, decodeUtf8 } from './body-format';

/**
 * Reading bodies in passes over many messages: a filter over the whole buffer (200,000), a
 * field chart at 10,000 messages a second. `bodyText` decodes once and files the text in a
 * per-message cache, which is right for the few rows on screen but not here: keeping 200,000
 * decoded strings alive costs more than decoding them (the garbage collector copies each one out
 * of the young generation; a Node pass over 200,000 bodies of 100 bytes took 35–80 ms of CPU to
 * decode and 140–190 ms to decode and keep; see `bench/filter-eval.ts`) and leaves tens of MB
 * behind for rows nobody looks at. So these read the cache when a row filled it and otherwise
 * decode without keeping anything.
 */

/** The body as text (`null` when it is not valid UTF-8), from the cache or decoded and not kept. */
export function scanBodyText(message: PaneMessage): string | null {
  const cached = cachedBodyText(message);
  if (cached !== undefined) return cached;
  const decoded = decodeUtf8(message.body as Uint8Array);
  return decoded.ok ? decoded.text : null;
}
