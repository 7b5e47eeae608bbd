import { lazyValue } from '@/lib/util/lazy-value';

/**
 * The page's own STOMP connection (and @stomp/stompjs with it) is not part of the first load:
 * receiving connections run in the connection worker, and the page needs the class only for the
 * sending connection, or when the worker cannot run. It is fetched right after hydration, and
 * `Dashboard.connect()` waits for it, so every connection that could need it is made after it
 * is there.
 */
export const { load: loadStompConnection, loaded: loadedStompConnection } = lazyValue(() =>
  import('./connection').then((module) => module.StompConnection),
);
