/** A value from a module fetched on demand (not part of the page's first load). */
export interface LazyValue<T> {
  /** Fetches the module once; a failed fetch is tried again on the next call. */
  load(): Promise<T>;
  /** The value once {@link LazyValue.load} has brought it, else null. */
  loaded(): T | null;
}

/**
 * @example
 * const sender = lazyValue(() => import('./bulk-sender').then((module) => module.BulkSender));
 * sender.load(); // after hydration; later: sender.loaded() ?? 'still loading'
 */
export function lazyValue<T>(importer: () => Promise<T>): LazyValue<T> {
  let value: T | null = null;
  let loading: Promise<T> | null = null;
  return {
    load() {
      loading ??= importer().then(
        (loadedValue) => (value = loadedValue),
        (error: unknown) => {
          loading = null;
          throw error;
        },
      );
      return loading;
    },
    loaded: () => value,
  };
}
