import type { ConnectionOptions, ReceivingConnection } from '../connection';
import { enableRequestedDeliveryTap } from '../delivery-tap';
import type { FromHost } from './protocol';
import { ConnectionLink } from './remote-connection';

/** How long the worker may take to start before connections run on the page instead. */
const WORKER_START_TIMEOUT_MS = 5000;

/**
 * Receiving connections that run in a dedicated worker (started on the first connect, shared by
 * all of them), so the page's main thread only keeps the panes and renders; see `host.ts` for
 * why. Where the worker cannot start (a blocking policy, a missing script, an old browser), takes
 * too long, or dies later, the connections move onto the page and go on there; where there is
 * no `Worker` at all, they start on the page (on their first connect, like the others, so the
 * page's connection code is there by then).
 */
export function createWorkerConnections(): (options: ConnectionOptions) => ReceivingConnection {
  // Only a diagnostic run (the soak) asks for the delivery tap; then the worker counts too.
  const tapHeader = enableRequestedDeliveryTap(globalThis as unknown as Record<string, unknown>);
  let worker: Worker | null = null;
  const link = new ConnectionLink({
    start: (started) => {
      if (typeof Worker === 'undefined') throw new Error('this browser has no Web Workers');
      const created = new Worker(new URL('./connection-worker.ts', import.meta.url), {
        type: 'module',
        name: 'stompwatch-connections',
      });
      worker = created;
      if (tapHeader) created.postMessage({ type: 'delivery-tap', sequenceHeader: tapHeader });
      const giveUp = (reason: string) => {
        clearTimeout(timer);
        created.terminate();
        worker = null;
        started.fail(reason);
      };
      const timer = setTimeout(
        () => giveUp('The connection worker did not start in time; connecting from the page.'),
        WORKER_START_TIMEOUT_MS,
      );
      created.onmessage = (event: MessageEvent<FromHost>) => {
        const message = event.data;
        if (message.type === 'events') started.dispatch(message);
        else clearTimeout(timer);
      };
      created.onerror = (event) => {
        event.preventDefault();
        giveUp(
          `The connection worker stopped (${event.message || 'it could not be loaded'}); reconnecting from the page.`,
        );
      };
    },
    // Commands posted before the worker has loaded wait in its queue.
    post: (command) => worker?.postMessage(command),
  });
  return link.create;
}
