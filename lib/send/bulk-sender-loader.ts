import type { StompConnection } from '@/lib/stomp/connection';
import { lazyValue } from '@/lib/util/lazy-value';
import { err, ok, type Result } from '@/lib/util/result';
import type { BulkSender } from './bulk-sender';

/**
 * The bulk sender's code is not part of the page's first load (≤ 200 kB gzipped for `/`): it
 * is fetched right after hydration and again, at the latest, on Connect, long before a send can
 * start (sending needs a connection).
 */
export const { load: loadBulkSender, loaded: loadedBulkSender } = lazyValue(() =>
  import('./bulk-sender').then((module) => module.BulkSender),
);

/** A sender on `connection`, or why there is none yet (its code is still on its way). */
export function newBulkSender(connection: StompConnection): Result<BulkSender> {
  const Sender = loadedBulkSender();
  if (Sender) return ok(new Sender(connection));
  loadBulkSender().catch(() => {});
  return err('The sender is still loading; press Send again in a moment.');
}
