/**
 * Messages between the page and the socket worker (see `relay.ts` and `relayed-socket.ts`).
 *
 * The worker owns the real WebSockets; the page owns stompjs. Only raw WebSocket events cross
 * the boundary (bytes as received, in order), so all STOMP framing stays in stompjs.
 */

/** Page → worker. `id` names one socket for its whole life. */
export type ToWorker =
  | { type: 'open'; id: number; url: string; protocols: string[] }
  | { type: 'send'; id: number; data: string | ArrayBuffer }
  | { type: 'close'; id: number };

/** What happened to one socket, in the order the worker saw it. */
export type SocketEvent =
  | { kind: 'open'; id: number; protocol: string }
  | { kind: 'message'; id: number; data: string | ArrayBuffer }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'close'; id: number; code: number; reason: string; wasClean: boolean };

/** Worker → page: a batch of socket events, oldest first, across all sockets. */
export interface EventBatch {
  type: 'events';
  events: SocketEvent[];
}

/** Worker → page, once, when the worker runs: sockets can be opened there. */
export interface WorkerReady {
  type: 'ready';
}

export type FromWorker = EventBatch | WorkerReady;
