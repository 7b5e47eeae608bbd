import { lazyValue } from '@/lib/util/lazy-value';

/**
 * The bulk sender's code is not part of the page's first load (≤ 200 kB gzipped for `/`): it
 * is fetched right after hydration and again, at the latest, on Connect, long before a send can
 * start (sending needs a connection).
 */
export const { load: loadBulkSender, loaded: loadedBulkSender } = lazyValue(() =>
  import('./bulk-sender').then((module) => module.BulkSender),
);
