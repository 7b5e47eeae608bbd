// The connection worker: runs the page's receiving STOMP connections (see host.ts for why).
import { StompConnection } from '../connection';
import { answersHttp } from '../http-probe';
import { enableDeliveryTap } from '../delivery-tap';
import { ConnectionHost } from './host';
import type { FromHost, ToWorker } from './protocol';

const scope = self as unknown as {
  postMessage(message: FromHost): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

const host = new ConnectionHost({
  post: (batch) => scope.postMessage(batch),
  // The worker's own WebSocket: StompConnection's default. The page's CSP (connect-src 'self'
  // ws: wss:) does not reach this script, so only here can a failed handshake ask over http
  // whether something that is not Web-STOMP answered.
  createConnection: (options) =>
    new StompConnection({
      ...options,
      probeHttp: (url) => answersHttp(url, { fetch: (input, init) => fetch(input, init) }),
    }),
});

scope.onmessage = (event) => {
  const command = event.data;
  if (command.type === 'delivery-tap')
    enableDeliveryTap(command.sequenceHeader, 'worker', self as unknown as Record<string, unknown>);
  else host.handle(command);
};
scope.postMessage({ type: 'ready' });
