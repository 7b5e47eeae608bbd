// The socket worker: owns the page's receiving WebSockets (see relay.ts for why).
import type { FromWorker, ToWorker } from './protocol';
import { SocketRelay, type RelaySocket } from './relay';

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

const relay = new SocketRelay({
  post: (batch, transfer) => scope.postMessage(batch, transfer),
  createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as RelaySocket,
});

scope.onmessage = (event) => relay.handle(event.data);
scope.postMessage({ type: 'ready' });
