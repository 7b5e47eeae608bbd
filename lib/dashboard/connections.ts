import {
  StompConnection,
  type ConnectionOptions,
  type ReceivingConnection,
} from '@/lib/stomp/connection';
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
  return options.receivingConnections?.(settings) ?? new StompConnection(settings);
}

/** The sending connection stays on the page: the bulk sender reads its socket's `bufferedAmount` for backpressure. */
export function sendingConnection(
  form: ConnectionForm,
  options: DashboardOptions,
  heartbeat: { incoming: number; outgoing: number },
): StompConnection {
  return new StompConnection(connectionOptions(form, options, heartbeat));
}
