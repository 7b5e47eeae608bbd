import type { Client, IMessage, StompHeaders } from '@stomp/stompjs';
import { connectNodeStomp } from '../../scripts/lib/node-stomp';
import { brokerUrls, loadConfig } from '../../lib/config/env';

const config = loadConfig();
export const brokerUrl = brokerUrls(config.brokerUrl)[0]!;
export const managementUrl = config.managementUrl;
export const credentials = { login: config.login, passcode: config.passcode, vhost: config.vhost };

const adminAuthorization = `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`;

/** Creates a RabbitMQ user with full rights on "/" and the management tag, through the management API. */
export async function createBrokerUser(user: string, passcode: string): Promise<void> {
  for (const [path, body] of [
    [`users/${user}`, { password: passcode, tags: 'management' }],
    [`permissions/%2F/${user}`, { configure: '.*', write: '.*', read: '.*' }],
  ] as const) {
    const response = await fetch(`${managementUrl}/api/${path}`, {
      method: 'PUT',
      headers: { authorization: adminAuthorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`Could not create the broker user ${user}: ${response.status}`);
  }
}

/** A unique word for destinations, so tests can run in parallel without hearing each other. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A Node STOMP client on the test broker (publisher or extra consumer), like a separate program. */
export async function nodeClient(
  url: string = brokerUrl,
  vhost: string = credentials.vhost,
): Promise<Client> {
  const { client } = await connectNodeStomp({ url, ...credentials, vhost });
  return client;
}

/** Publishes `count` messages and waits for the broker's receipt on the last one. */
export async function publish(
  destination: string,
  bodies: string[] | ((i: number) => string),
  options: { count?: number; headers?: StompHeaders; url?: string; vhost?: string } = {},
): Promise<void> {
  const client = await nodeClient(options.url, options.vhost);
  try {
    const count = Array.isArray(bodies) ? bodies.length : (options.count ?? 1);
    const bodyAt = Array.isArray(bodies) ? (i: number) => bodies[i]! : bodies;
    const receipt = `done-${Math.random().toString(36).slice(2)}`;
    const confirmed = new Promise<void>((resolve) =>
      client.watchForReceipt(receipt, () => resolve()),
    );
    for (let i = 0; i < count; i++) {
      const headers = { ...options.headers, ...(i === count - 1 ? { receipt } : {}) };
      client.publish({ destination, body: bodyAt(i), headers });
    }
    await confirmed;
  } finally {
    await client.deactivate();
  }
}

/** Subscribes a Node consumer and collects what it receives. */
export async function collect(destination: string, headers: StompHeaders = {}, vhost?: string) {
  const client = await nodeClient(brokerUrl, vhost);
  const messages: IMessage[] = [];
  const receipt = `sub-${Math.random().toString(36).slice(2)}`;
  const ready = new Promise<void>((resolve) => client.watchForReceipt(receipt, () => resolve()));
  client.subscribe(destination, (message) => messages.push(message), { ...headers, receipt });
  await ready;
  return { messages, close: () => client.deactivate() };
}

/** GET on the management API of the test broker (tests only; the app has its own locked route). */
export async function management<T>(path: string): Promise<T> {
  const response = await fetch(`${managementUrl}/api/${path}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`,
    },
  });
  if (!response.ok) throw new Error(`management ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Declares an auto-delete exchange on the test broker's vhost through the management API (tests only). */
export async function declareExchange(
  name: string,
  type: 'fanout' | 'direct' | 'topic' | 'headers',
): Promise<void> {
  const response = await fetch(
    `${managementUrl}/api/exchanges/${encodeURIComponent(credentials.vhost)}/${encodeURIComponent(name)}`,
    {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ type, auto_delete: true, durable: false }),
    },
  );
  if (!response.ok) throw new Error(`declaring exchange ${name}: HTTP ${response.status}`);
}
