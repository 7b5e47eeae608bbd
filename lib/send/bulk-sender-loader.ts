import type { BulkSender } from './bulk-sender';

type BulkSenderClass = typeof BulkSender;

let loaded: BulkSenderClass | null = null;
let loading: Promise<BulkSenderClass> | null = null;

/**
 * The bulk sender's code is not part of the page's first load (≤ 200 kB gzipped for `/`): it
 * is fetched right after hydration and again, at the latest, on Connect, long before a send can
 * start (sending needs a connection). A failed fetch is tried again on the next call.
 */
export function loadBulkSender(): Promise<BulkSenderClass> {
  loading ??= import('./bulk-sender').then(
    (module) => (loaded = module.BulkSender),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The sender class once {@link loadBulkSender} has brought it, else null. */
export function loadedBulkSender(): BulkSenderClass | null {
  return loaded;
}
