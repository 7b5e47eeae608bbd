import { describe, expect, it, vi } from 'vitest';
import { StompConnection, type ConnectionState, type SubscriptionState } from './connection';
import { FakeBroker, testConnection } from './testing/fake-broker';

function setup(urls = ['ws://broker-a/ws']) {
  const broker = new FakeBroker();
  const conn = testConnection(broker.factory, urls);
  const states: ConnectionState[] = [];
  conn.onStateChange((state) => states.push(state));
  return { broker, conn, states };
}

function testOptions(broker: FakeBroker) {
  return {
    urls: ['ws://127.0.0.1:15672/ws'],
    login: 'guest',
    passcode: 'guest',
    vhost: '/',
    heartbeat: { incoming: 0, outgoing: 0 },
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    webSocketFactory: broker.factory,
  };
}

function track(
  conn: StompConnection,
  id: string,
  destination: string,
  headers: Record<string, string> = {},
) {
  const bodies: string[] = [];
  const states: SubscriptionState[] = [];
  const result = conn.subscribe(
    { id, destination, headers },
    { onMessage: (m) => bodies.push(m.body), onState: (s) => states.push(s) },
  );
  return { bodies, states, result, last: () => states[states.length - 1] };
}

describe('StompConnection', () => {
  it('connects, subscribes with a receipt and delivers messages', async () => {
    const { broker, conn } = setup();
    const a = track(conn, 'pane-a', '/topic/x.#', { ack: 'auto' });
    conn.connect();
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    expect(conn.state).toMatchObject({ status: 'connected', server: 'FakeBroker/1.0' });
    const [subscribe] = broker.framesOf('SUBSCRIBE');
    expect(subscribe?.headers).toMatchObject({
      id: 'pane-a',
      destination: '/topic/x.#',
      ack: 'auto',
    });
    expect(subscribe?.headers.receipt).toBeTruthy();
    broker.deliver('pane-a', 'hello');
    await vi.waitFor(() => expect(a.bodies).toEqual(['hello']));
    await conn.disconnect();
    expect(conn.state).toEqual({ status: 'disconnected' });
  });

  it('re-subscribes every wanted subscription with the same id and headers after a reconnect', async () => {
    const { broker, conn, states } = setup();
    const a = track(conn, 'a', '/queue/jobs', { ack: 'client-individual', 'prefetch-count': '5' });
    const b = track(conn, 'b', '/exchange/amq.topic/orders.*');
    conn.connect();
    await vi.waitFor(() => expect(b.last()).toEqual({ status: 'subscribed' }));
    broker.current.serverClose(1006, '');
    await vi.waitFor(() => expect(states.some((s) => s.status === 'reconnecting')).toBe(true));
    await vi.waitFor(() => expect(broker.sockets).toHaveLength(2));
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    await vi.waitFor(() => expect(b.last()).toEqual({ status: 'subscribed' }));
    const second = broker.framesOf('SUBSCRIBE').filter((f) => f.socket === 1);
    expect(second.map((f) => [f.headers.id, f.headers.destination])).toEqual([
      ['a', '/queue/jobs'],
      ['b', '/exchange/amq.topic/orders.*'],
    ]);
    expect(second[0]?.headers).toMatchObject({ ack: 'client-individual', 'prefetch-count': '5' });
    broker.deliver('b', 'after reconnect');
    await vi.waitFor(() => expect(b.bodies).toEqual(['after reconnect']));
    await conn.disconnect();
  });

  it('blames only the refused SUBSCRIBE when the broker closes the connection over it', async () => {
    const { broker, conn } = setup();
    broker.refusedDestinations.add('/amq/queue/missing');
    const good = track(conn, 'good', '/topic/ok');
    const bad = track(conn, 'bad', '/amq/queue/missing');
    const later = track(conn, 'later', '/topic/later');
    conn.connect();
    await vi.waitFor(() => expect(bad.last()?.status).toBe('error'));
    const badState = bad.last();
    expect(badState?.status === 'error' && badState.reason).toMatch(
      /SUBSCRIBE to \/amq\/queue\/missing: that queue does not exist.*\/queue\/missing/,
    );
    await vi.waitFor(() => expect(later.last()).toEqual({ status: 'subscribed' }));
    await vi.waitFor(() => expect(good.last()).toEqual({ status: 'subscribed' }));
    const lastSocketSubscribes = broker
      .framesOf('SUBSCRIBE')
      .filter((f) => f.socket === broker.sockets.length - 1);
    expect(lastSocketSubscribes.map((f) => f.headers.id)).toEqual(['good', 'later']);
    broker.deliver('good', 'still flowing');
    await vi.waitFor(() => expect(good.bodies).toEqual(['still flowing']));
    await conn.disconnect();
  });

  it('refuses a duplicate id before anything is sent', async () => {
    const { broker, conn } = setup();
    track(conn, 'same', '/topic/a');
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('connected'));
    const dup = track(conn, 'same', '/topic/b');
    expect(dup.result.ok).toBe(false);
    expect(!dup.result.ok && dup.result.error).toMatch(/already used on this connection/);
    expect(broker.framesOf('SUBSCRIBE').map((f) => f.headers.destination)).toEqual(['/topic/a']);
    await conn.disconnect();
  });

  it('stops with a plain-words error when the login is refused', async () => {
    const { broker, conn } = setup();
    broker.acceptLogin = (_login, passcode) => passcode === 'right';
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('error'));
    expect(conn.state.status === 'error' && conn.state.reason).toMatch(/refused the login "guest"/);
    const socketsAfterError = broker.sockets.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(broker.sockets).toHaveLength(socketsAfterError);
  });

  it('reports an unreachable broker after trying every URL once', async () => {
    const { broker, conn } = setup(['ws://a/ws', 'ws://b/ws']);
    broker.listening = false;
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('error'));
    expect(broker.sockets.map((s) => s.url)).toEqual(['ws://a/ws', 'ws://b/ws']);
    expect(conn.state.status === 'error' && conn.state.reason).toMatch(/Nothing answered/);
  });

  it('says something answered, but not Web-STOMP, when an HTTP server answers the failed URL', async () => {
    const broker = new FakeBroker();
    broker.listening = false;
    const asked: string[] = [];
    const conn = new StompConnection({
      ...testOptions(broker),
      probeHttp: async (url) => {
        asked.push(url);
        return true;
      },
    });
    const states: ConnectionState[] = [];
    conn.onStateChange((state) => states.push(state));
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('error'));
    expect(asked).toEqual(['ws://127.0.0.1:15672/ws']);
    expect(conn.state.status === 'error' && conn.state.reason).toMatch(
      /^Something answered at 127\.0\.0\.1:15672, but not Web-STOMP.*try ws:\/\/127\.0\.0\.1:15674\/ws/,
    );
    // One error, with the final reason: no "Nothing answered" first.
    expect(states.filter((state) => state.status === 'error')).toHaveLength(1);
  });

  it('lets a Disconnect during the probe win', async () => {
    const broker = new FakeBroker();
    broker.listening = false;
    let answer: (answered: boolean) => void = () => {};
    const conn = new StompConnection({
      ...testOptions(broker),
      probeHttp: () => new Promise((resolve) => (answer = resolve)),
    });
    conn.connect();
    await vi.waitFor(() => expect(broker.sockets).toHaveLength(1));
    await vi.waitFor(() => expect(conn.state.status).toBe('connecting'));
    await conn.disconnect();
    answer(true);
    await Promise.resolve();
    expect(conn.state).toEqual({ status: 'disconnected' });
  });

  it('fails over to the next URL on reconnect', async () => {
    const { broker, conn } = setup(['ws://a/ws', 'ws://b/ws']);
    const a = track(conn, 'a', '/topic/t');
    conn.connect();
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    expect(broker.current.url).toBe('ws://a/ws');
    broker.current.serverClose(1006, '');
    await vi.waitFor(() => expect(broker.sockets).toHaveLength(2));
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    expect(broker.current.url).toBe('ws://b/ws');
    await conn.disconnect();
  });

  it('unsubscribes on the wire and forgets the subscription', async () => {
    const { broker, conn } = setup();
    track(conn, 'a', '/topic/t');
    conn.connect();
    await vi.waitFor(() => expect(conn.subscriptionState('a')).toEqual({ status: 'subscribed' }));
    conn.unsubscribe('a');
    expect(broker.framesOf('UNSUBSCRIBE').map((f) => f.headers.id)).toEqual(['a']);
    expect(conn.subscriptionIds()).toEqual([]);
    await conn.disconnect();
  });
});
