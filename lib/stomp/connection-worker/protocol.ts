/**
 * Messages between the page and the connection worker (see `host.ts` and `remote-connection.ts`).
 *
 * The worker runs whole {@link StompConnection}s: sockets, stompjs framing, heartbeats,
 * reconnects and re-subscribes. The page sends it what the user asked for and gets back, in
 * order, state changes and received messages as plain data.
 */
import type {
  ConnectionSettings,
  ConnectionState,
  SubscriptionSpec,
  SubscriptionState,
} from '../connection';

/** What crosses to the worker of a connection's options: data only, no factories. */
export interface WorkerConnectionOptions extends ConnectionSettings {
  heartbeat?: { incoming: number; outgoing: number };
  reconnect?: { initialDelayMs: number; maxDelayMs: number };
  connectTimeoutMs?: number;
  receiptTimeoutMs?: number;
}

/** Page → worker. `id` names one connection for its whole life. */
export type ToHost =
  | { type: 'create'; id: number; options: WorkerConnectionOptions }
  | { type: 'configure'; id: number; settings: ConnectionSettings }
  | { type: 'connect'; id: number }
  /** Answered by a `disconnected` event with the same `reply`. */
  | { type: 'disconnect'; id: number; reply: number }
  /** Disconnects and forgets the connection: the page will not use this id again. */
  | { type: 'dispose'; id: number }
  | { type: 'subscribe'; id: number; spec: SubscriptionSpec }
  | { type: 'unsubscribe'; id: number; subscriptionId: string }
  | { type: 'ack'; id: number; ackId: string; subscriptionId: string }
  | { type: 'nack'; id: number; ackId: string; subscriptionId: string; requeue: boolean };

/**
 * Page → worker, once, only when a diagnostic run (the soak) asked the page for it: count the
 * sequence numbers in `sequenceHeader` of every delivery (`delivery-tap.ts`).
 */
export interface EnableDeliveryTap {
  type: 'delivery-tap';
  sequenceHeader: string;
}

/** Everything the page posts to the worker. */
export type ToWorker = ToHost | EnableDeliveryTap;

/** What happened on one connection, in the order the worker saw it. */
export type HostEvent =
  | { kind: 'state'; id: number; state: ConnectionState; url: string }
  | { kind: 'subscription'; id: number; subscriptionId: string; state: SubscriptionState }
  /** A MESSAGE: its body as the frame holds it (bytes for frames stompjs parsed off the wire). */
  | {
      kind: 'message';
      id: number;
      subscriptionId: string;
      headers: Record<string, string>;
      body: Uint8Array | string;
    }
  | { kind: 'disconnected'; id: number; reply: number }
  /** A command the worker could not carry out (an ack after the connection dropped…); for the record. */
  | { kind: 'refused'; id: number; command: ToHost['type']; error: string };

/** Worker → page: a batch of events, oldest first, across all connections. */
export interface HostBatch {
  type: 'events';
  events: HostEvent[];
}

/** Worker → page, once, when the worker runs. */
export interface HostReady {
  type: 'ready';
}

export type FromHost = HostBatch | HostReady;
