// The connection worker: runs the page's receiving STOMP connections (see host.ts for why).
import { StompConnection } from '../connection';
import { ConnectionHost } from './host';
import type { FromHost, ToHost } from './protocol';

const scope = self as unknown as {
  postMessage(message: FromHost): void;
  onmessage: ((event: MessageEvent<ToHost>) => void) | null;
};

const host = new ConnectionHost({
  post: (batch) => scope.postMessage(batch),
  // The worker's own WebSocket: StompConnection's default.
  createConnection: (options) => new StompConnection(options),
});

scope.onmessage = (event) => host.handle(event.data);
scope.postMessage({ type: 'ready' });
