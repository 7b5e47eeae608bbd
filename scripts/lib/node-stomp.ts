/**
 * STOMP clients in Node (publishers, reference consumers, soak and e2e helpers, probes): one way
 * to make them, over the `ws` package, with reconnects off (each caller decides what a drop means).
 */
import { Client, type IFrame, type IStompSocket } from '@stomp/stompjs';
import WebSocket from 'ws';

/** Where a Node client connects, and as whom. */
export interface BrokerLogin {
  url: string;
  login: string;
  passcode: string;
  vhost: string;
}

export interface NodeStompOptions {
  /** Heartbeat intervals in ms; off (0) unless given. */
  heartbeatIncoming?: number;
  heartbeatOutgoing?: number;
  /** WebSocket subprotocols offered; STOMP 1.2 unless given. */
  protocols?: string[];
}

/** A stompjs client over `ws` for `login`, not yet active; reconnects and heartbeats off. */
export function nodeStompClient(login: BrokerLogin, options: NodeStompOptions = {}): Client {
  return new Client({
    webSocketFactory: () =>
      new WebSocket(login.url, options.protocols ?? ['v12.stomp']) as unknown as IStompSocket,
    connectHeaders: { login: login.login, passcode: login.passcode, host: login.vhost },
    heartbeatIncoming: options.heartbeatIncoming ?? 0,
    heartbeatOutgoing: options.heartbeatOutgoing ?? 0,
    reconnectDelay: 0,
    debug: () => {},
  });
}

/**
 * Connects a {@link nodeStompClient}; resolves with it and the CONNECTED frame, rejects with
 * the broker's reason (ERROR frame, closed socket, or no CONNECTED within 15 s).
 */
export function connectNodeStomp(
  login: BrokerLogin,
  options: NodeStompOptions = {},
): Promise<{ client: Client; connected: IFrame }> {
  const client = nodeStompClient(login, options);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void client.deactivate();
      reject(new Error(`no STOMP CONNECTED from ${login.url} within 15 s`));
    }, 15_000);
    client.onConnect = (frame) => {
      clearTimeout(timer);
      client.onWebSocketClose = () => {};
      resolve({ client, connected: frame });
    };
    client.onStompError = (frame) => {
      clearTimeout(timer);
      reject(new Error(`STOMP ERROR from ${login.url}: ${frame.headers.message ?? ''}`));
    };
    client.onWebSocketClose = (event) => {
      clearTimeout(timer);
      reject(new Error(`could not connect to ${login.url} (WebSocket closed, code ${event.code})`));
    };
    client.activate();
  });
}
