import { describe, expect, it, vi } from 'vitest';
import type { IMessage, IStompSocket } from '@stomp/stompjs';
import { StompConnection, type SubscriptionState } from '../connection';
import { FakeBroker, testConnection } from '../testing/fake-broker';
import type { EventBatch, SocketEvent, ToWorker } from './protocol';
import { SocketRelay, type RelaySocket } from './relay';
import { ReceivedChunk, RelayHub } from './relayed-socket';

/**
 * The page side and the worker side joined in one process. Messages cross asynchronously and
 * are structured-cloned, as `postMessage` does, so nothing can lean on shared objects.
 */
function relayed(createSocket: (url: string, protocols: string[]) => RelaySocket, batchDelayMs = 4, maxBatch = 2000) {
  const batches: EventBatch[] = [];
  const toWorker: ToWorker[] = [];
  let hub: RelayHub | null = null;
  const relay = new SocketRelay({
    post: (batch) => {
      batches.push(batch);
      const copy = structuredClone(batch);
      setTimeout(() => hub!.dispatch(copy), 0);
    },
    createSocket,
    batchDelayMs,
    maxBatch,
  });
  hub = new RelayHub({
    postMessage: (message) => {
      toWorker.push(message);
      const copy = structuredClone(message);
      setTimeout(() => relay.handle(copy), 0);
    },
  });
  return { relay, hub, batches, toWorker, factory: (url: string, protocols: string[]): IStompSocket => hub.open(url, protocols) };
}

function overBroker() {
  const broker = new FakeBroker();
  const wiring = relayed((url) => broker.factory(url) as unknown as RelaySocket);
  const conn = testConnection(wiring.factory);
  return { broker, conn, ...wiring };
}

function track(conn: StompConnection, id: string, destination: string) {
  const bodies: string[] = [];
  const states: SubscriptionState[] = [];
  conn.subscribe({ id, destination, headers: {} }, { onMessage: (m: IMessage) => bodies.push(m.body), onState: (s) => states.push(s) });
  return { bodies, states, last: () => states[states.length - 1] };
}

/** A socket the test drives by hand, standing in for the worker's WebSocket. */
class ManualSocket implements RelaySocket {
  binaryType = 'blob';
  protocol = 'v12.stomp';
  onopen: RelaySocket['onopen'] = null;
  onmessage: RelaySocket['onmessage'] = null;
  onerror: RelaySocket['onerror'] = null;
  onclose: RelaySocket['onclose'] = null;
  readonly sent: (string | ArrayBuffer)[] = [];
  closed = false;
  send(data: string | ArrayBuffer) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
}

describe('socket relay (page side + worker side)', () => {
  it('carries a whole STOMP session: connect, subscribe with receipt, 1,000 messages in order, disconnect', async () => {
    const { broker, conn, batches, relay, hub } = overBroker();
    const a = track(conn, 'a', '/topic/x.#');
    conn.connect();
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    const sent = Array.from({ length: 1000 }, (_, i) => `message ${i} ${'é'.repeat(i % 5)}`);
    const before = batches.length;
    for (const body of sent) broker.deliver('a', body);
    await vi.waitFor(() => expect(a.bodies).toHaveLength(1000));
    expect(a.bodies).toEqual(sent);
    // Batched: far fewer posts to the page than messages.
    expect(batches.length - before).toBeLessThan(50);
    await conn.disconnect();
    expect(conn.state).toEqual({ status: 'disconnected' });
    await vi.waitFor(() => expect(relay.size).toBe(0));
    expect(hub.size).toBe(0);
  });

  it('keeps the close code of a refused SUBSCRIBE, so only that subscription is blamed', async () => {
    const { broker, conn } = overBroker();
    broker.refusedDestinations.add('/amq/queue/missing');
    const bad = track(conn, 'bad', '/amq/queue/missing');
    conn.connect();
    await vi.waitFor(() => expect(bad.last()?.status).toBe('error'));
    expect(bad.last()).toMatchObject({ status: 'error', reason: expect.stringContaining('/amq/queue/missing') });
    await conn.disconnect();
  });

  it('reconnects through the relay after the worker-side socket drops, and re-subscribes', async () => {
    const { broker, conn } = overBroker();
    const a = track(conn, 'a', '/queue/jobs');
    conn.connect();
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    broker.current.serverClose(1006, '');
    await vi.waitFor(() => expect(broker.sockets).toHaveLength(2));
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    broker.deliver('a', 'after');
    await vi.waitFor(() => expect(a.bodies).toEqual(['after']));
    await conn.disconnect();
  });

  it('posts messages in batches of at most maxBatch and open/close at once, in arrival order', async () => {
    const socket = new ManualSocket();
    const { hub, batches } = relayed(() => socket, 10_000, 3);
    const page = hub.open('ws://h/ws', ['v12.stomp']);
    const seen: string[] = [];
    page.onopen = () => seen.push('open');
    page.onmessage = (event) => seen.push(`message ${typeof event.data === 'string' ? event.data : new TextDecoder().decode(event.data)}`);
    page.onclose = (event) => seen.push(`close ${(event as { code: number }).code}`);
    await vi.waitFor(() => expect(socket.onopen).not.toBeNull());
    expect(socket.binaryType).toBe('arraybuffer');
    socket.onopen!({});
    for (let i = 0; i < 7; i++) socket.onmessage!({ data: i % 2 ? `t${i}` : new TextEncoder().encode(`b${i}`).buffer });
    socket.onclose!({ code: 1001, reason: 'going away', wasClean: true });
    await vi.waitFor(() => expect(seen.at(-1)).toBe('close 1001'));
    expect(seen).toEqual(['open', 'message b0', 'message t1', 'message b2', 'message t3', 'message b4', 'message t5', 'message b6', 'close 1001']);
    expect(batches.map((batch) => batch.events.map((event: SocketEvent) => event.kind))).toEqual([
      ['open'],
      ['message', 'message', 'message'],
      ['message', 'message', 'message'],
      ['message', 'close'],
    ]);
    expect(page.readyState).toBe(3);
    expect(page.protocol).toBe('v12.stomp');
  });

  it('sends exactly the viewed bytes of a typed array, and text as text', async () => {
    const socket = new ManualSocket();
    const { hub } = relayed(() => socket);
    const page = hub.open('ws://h/ws', []);
    await vi.waitFor(() => expect(socket.onopen).not.toBeNull());
    socket.onopen!({});
    await vi.waitFor(() => expect(page.readyState).toBe(1));
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    page.send(backing.subarray(2, 5));
    page.send('CONNECT\n\n\0');
    await vi.waitFor(() => expect(socket.sent).toHaveLength(2));
    expect([...new Uint8Array(socket.sent[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
    expect(socket.sent[1]).toBe('CONNECT\n\n\0');
    expect([...backing]).toEqual([9, 9, 1, 2, 3, 9]);
    page.close();
    expect(page.readyState).toBe(2);
    await vi.waitFor(() => expect(socket.closed).toBe(true));
  });

  it('refuses to send while connecting, like a WebSocket, and drops sends after close', async () => {
    const socket = new ManualSocket();
    const { hub, toWorker } = relayed(() => socket);
    const page = hub.open('ws://h/ws', []);
    expect(() => page.send('x')).toThrow(/connecting/i);
    page.close();
    page.send('late');
    expect(toWorker.map((m) => m.type)).toEqual(['open', 'close']);
  });

  it('turns a socket the worker cannot create into an error and an abnormal close', async () => {
    const { hub } = relayed(() => {
      throw new SyntaxError('bad url');
    });
    const page = hub.open('ws://h/ws', []);
    const seen: string[] = [];
    page.onerror = (event) => seen.push(`error ${(event as { message: string }).message}`);
    page.onclose = (event) => seen.push(`close ${(event as { code: number }).code}`);
    await vi.waitFor(() => expect(seen).toEqual(['error bad url', 'close 1006']));
  });

  it('reports data of a kind it cannot pass on instead of dropping it silently', async () => {
    const socket = new ManualSocket();
    const { hub } = relayed(() => socket);
    const page = hub.open('ws://h/ws', []);
    const errors: string[] = [];
    page.onerror = (event) => errors.push((event as { message: string }).message);
    await vi.waitFor(() => expect(socket.onopen).not.toBeNull());
    socket.onopen!({});
    socket.onmessage!({ data: { size: 3 } });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toMatch(/cannot pass on/);
  });

  it('refuses malformed and non-WebSocket URLs at once, as new WebSocket does', () => {
    const { hub, toWorker } = relayed(() => new ManualSocket());
    expect(() => hub.open('not a url', [])).toThrow();
    expect(() => hub.open('http://h/ws', [])).toThrow(/Not a WebSocket URL/);
    expect(toWorker).toEqual([]);
  });

  it('when the worker fails, open sockets error and close abnormally and no new one opens there', async () => {
    const { hub } = relayed(() => new ManualSocket());
    const page = hub.open('ws://h/ws', []);
    const seen: string[] = [];
    page.onerror = () => seen.push('error');
    page.onclose = (event) => seen.push(`close ${(event as { code: number; reason: string }).code}`);
    hub.fail('worker gone');
    expect(seen).toEqual(['error', 'close 1006']);
    expect(hub.failed).toBe(true);
    expect(() => hub.open('ws://h/ws', [])).toThrow('worker gone');
  });
});

describe('ReceivedChunk', () => {
  it('stringifies to a constant, and copies like any typed array', () => {
    const chunk = new ReceivedChunk(new TextEncoder().encode('MESSAGE\n\nhi\0').buffer);
    expect(`${chunk}`).toBe('[received bytes]');
    const copy = new Uint8Array(chunk);
    expect(new TextDecoder().decode(copy)).toBe('MESSAGE\n\nhi\0');
    expect(copy.buffer).not.toBe(chunk.buffer);
  });
});
