import type { IStompSocket } from '@stomp/stompjs';
import type { FromWorker } from './protocol';
import { RelayHub } from './relayed-socket';

/** How connections get their sockets: `ready` is awaited before each `open`. */
export interface SocketSource {
  open: (url: string, protocols: string[]) => IStompSocket;
  ready: () => Promise<void>;
}

/** How long the worker may take to start before sockets are opened without it. */
const WORKER_START_TIMEOUT_MS = 5000;

/**
 * Sockets for receiving connections, owned by a dedicated worker (started on first use, shared
 * by all of them) so the page's main thread only parses and renders; see `relay.ts` for why.
 *
 * `ready()` starts the worker and waits for it to say it runs. Where it cannot (a blocking
 * policy, a missing script, an old browser) or takes too long, `open` hands out plain
 * WebSockets from then on; if the worker dies later, its sockets close abnormally and their
 * connections reconnect on plain ones. Returns `undefined` where there is no `Worker` at all.
 */
export function createWorkerSocketSource(): SocketSource | undefined {
  if (typeof Worker === 'undefined') return undefined;
  let hub: RelayHub | null = null;
  let starting: Promise<void> | null = null;
  let failed = false;

  const start = (): Promise<void> =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module', name: 'stompwatch-sockets' });
      } catch {
        failed = true;
        resolve();
        return;
      }
      const started = new RelayHub(worker);
      const giveUp = (reason: string) => {
        failed = true;
        hub = null;
        worker.terminate();
        started.fail(reason);
        resolve();
      };
      const timer = setTimeout(() => giveUp('The socket worker did not start in time; using plain sockets.'), WORKER_START_TIMEOUT_MS);
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === 'events') {
          started.dispatch(message);
          return;
        }
        clearTimeout(timer);
        hub = started;
        resolve();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        clearTimeout(timer);
        giveUp(`The socket worker stopped (${event.message || 'it could not be loaded'}); reconnecting on plain sockets.`);
      };
    });

  return {
    ready: () => {
      if (failed || hub) return Promise.resolve();
      starting ??= start();
      return starting;
    },
    open: (url, protocols) => {
      if (hub && !failed) return hub.open(url, protocols);
      return new WebSocket(url, protocols) as unknown as IStompSocket;
    },
  };
}
