import type {
  ConnectionOptions,
  ReceivingConnection,
  StompConnection,
} from '@/lib/stomp/connection';
import { loadStompConnection, loadedStompConnection } from '@/lib/stomp/connection-loader';
import { errorMessage } from '@/lib/util/result';
import type { ConnectionForm, DashboardOptions } from './dashboard-types';
import { checkConnectionForm } from './connection-form';

function connectionOptions(
  form: ConnectionForm,
  options: DashboardOptions,
  heartbeat?: { incoming: number; outgoing: number },
): ConnectionOptions {
  const urls = checkConnectionForm(form);
  return {
    heartbeat,
    urls: urls.ok ? urls.value : [],
    login: form.login,
    passcode: form.passcode,
    vhost: form.vhost,
    webSocketFactory: options.webSocketFactory,
  };
}

/** A connection panes receive on: elsewhere (the connection worker) when the dashboard was given a way. */
export function receivingConnection(
  form: ConnectionForm,
  options: DashboardOptions,
): ReceivingConnection {
  const settings = connectionOptions(form, options);
  return options.receivingConnections?.(settings) ?? new (pageConnectionClass())(settings);
}

/** The sending connection stays on the page: the bulk sender reads its socket's `bufferedAmount` for backpressure. */
export function sendingConnection(
  form: ConnectionForm,
  options: DashboardOptions,
  heartbeat: { incoming: number; outgoing: number },
): StompConnection {
  return new (pageConnectionClass())(connectionOptions(form, options, heartbeat));
}

/**
 * The page's connection class, fetched after hydration (lib/stomp/connection-loader.ts).
 * `Dashboard.connect()` waits for it before making the sending connection; receiving ones come
 * from the worker link in the page, so only a dashboard without one (tests) needs it earlier.
 */
function pageConnectionClass(): typeof StompConnection {
  const loaded = loadedStompConnection();
  if (!loaded)
    throw new Error('The page connection code is not loaded yet (loadStompConnection first).');
  return loaded;
}

/**
 * Whether the page's connection code is there (it is fetched right after hydration). When it is
 * not, fetches it and then calls `retry`, so a Connect quicker than the fetch waits for it; or
 * `failed` with why.
 */
export function pageConnectionReady(retry: () => void, failed: (reason: string) => void): boolean {
  if (loadedStompConnection()) return true;
  loadStompConnection().then(retry, (error: unknown) =>
    failed(
      `The page's connection code could not be loaded (${errorMessage(error)}); reload the page.`,
    ),
  );
  return false;
}
