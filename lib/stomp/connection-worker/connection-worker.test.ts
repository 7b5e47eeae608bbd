import { describe, expect, it, vi } from 'vitest';
import type {
  ConnectionOptions,
  ConnectionState,
  ReceivingConnection,
  SubscriptionState,
} from '../connection';
import { FakeBroker, testConnection } from '../testing/fake-broker';
import { ConnectionHost } from './host';
import type { HostBatch, ToHost } from './protocol';
import {
  ConnectionLink,
  PlainFrame,
  type RemoteConnection,
  type HostChannel,
} from './remote-connection';

const OPTIONS: ConnectionOptions = {
  urls: ['ws://fake/ws'],
  login: 'guest',
  passcode: 'secret',
  vhost: '/',
  heartbeat: { incoming: 0, outgoing: 0 },
  reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
};

/**
 * The page side and the worker side joined in one process. Messages cross asynchronously and
 * are structured-cloned, as `postMessage` does: a function or a shared object cannot slip through.
 */
function wired({ maxBatch = 200, startThrows = false } = {}) {
  const broker = new FakeBroker();
  const batches: HostBatch[] = [];
  const commands: ToHost[] = [];
  const pageConnections: ReceivingConnection[] = [];
  let alive = true;
  let link: ConnectionLink | null = null;
  let starts = 0;
  const host = new ConnectionHost({
    post: (batch) => {
      if (!alive) return;
      batches.push(batch);
      const copy = structuredClone(batch);
      setTimeout(() => link!.dispatch(copy), 0);
    },
    createConnection: (options) => {
      // What reached the worker is data only; the worker opens its own sockets.
      const connection = testConnection(broker.factory, options.urls);
      connection.configure(options);
      return connection;
    },
    maxBatch,
  });
  const channel: HostChannel = {
    start: () => {
      starts += 1;
      if (startThrows) throw new Error('blocked by policy');
    },
    post: (command) => {
      commands.push(command);
      const copy = structuredClone(command);
      setTimeout(() => alive && host.handle(copy), 0);
    },
  };
  link = new ConnectionLink(channel, (options) => {
    const connection = testConnection(broker.factory, options.urls);
    pageConnections.push(connection);
    return connection;
  });
  return {
    broker,
    host,
    link,
    batches,
    commands,
    pageConnections,
    starts: () => starts,
    /** The worker dies: it answers nothing more, and the page is told. */
    kill: (reason = 'worker crashed') => {
      alive = false;
      link!.fail(reason);
    },
  };
}

function track(
  conn: ReceivingConnection,
  id: string,
  destination: string,
  headers: Record<string, string> = {},
) {
  const bodies: string[] = [];
  const frames: { headers: Readonly<Record<string, string>>; isBinaryBody: boolean }[] = [];
  const states: SubscriptionState[] = [];
  const result = conn.subscribe(
    { id, destination, headers },
    {
      onMessage: (m) => {
        bodies.push(m.body);
        frames.push({ headers: m.headers, isBinaryBody: m.isBinaryBody });
      },
      onState: (s) => states.push(s),
    },
  );
  return { result, bodies, frames, states, last: () => states[states.length - 1] };
}

function connectionStates(conn: ReceivingConnection): ConnectionState[] {
  const seen: ConnectionState[] = [];
  conn.onStateChange((state) => seen.push(state));
  return seen;
}

describe('connection worker (page side + worker side)', () => {
  it('runs a whole session in the worker: connect, subscribe, 1,000 messages in order, in batches, disconnect', async () => {
    const { broker, link, batches, host } = wired();
    const conn = link.create(OPTIONS);
    const states = connectionStates(conn);
    const a = track(conn, 'a', '/topic/x.#', { ack: 'auto' });
    conn.connect();
    expect((conn as RemoteConnection).runsIn).toBe('worker');
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    expect(states.map((s) => s.status)).toEqual(['connecting', 'connected']);
    expect(conn.state).toMatchObject({ status: 'connected', server: 'FakeBroker/1.0' });
    expect(conn.url).toBe('ws://fake/ws');
    expect(conn.subscriptionState('a')).toEqual({ status: 'subscribed' });
    const sent = Array.from({ length: 1000 }, (_, i) => `message ${i} ${'é'.repeat(i % 5)}`);
    const before = batches.length;
    for (const body of sent) broker.deliver('a', body, { 'x-n': 'v:1' });
    await vi.waitFor(() => expect(a.bodies).toHaveLength(1000));
    expect(a.bodies).toEqual(sent);
    expect(a.frames[0]).toMatchObject({
      isBinaryBody: true,
      headers: { subscription: 'a', destination: '/topic/x.#', 'x-n': 'v:1' },
    });
    // Batched: far fewer posts to the page than messages, none longer than the cap.
    const posted = batches.slice(before);
    expect(posted.length).toBeLessThan(50);
    expect(Math.max(...posted.map((batch) => batch.events.length))).toBeLessThanOrEqual(200);
    await conn.disconnect();
    expect(conn.state).toEqual({ status: 'disconnected' });
    expect(host.size).toBe(1);
  });

  it('starts nothing before the first connect, then replays what was asked into the worker', async () => {
    const { broker, link, commands, starts } = wired();
    const conn = link.create(OPTIONS);
    const a = track(conn, 'a', '/queue/jobs');
    conn.configure({ urls: ['ws://other/ws'], login: 'ops', passcode: 'pw2', vhost: 'v' });
    expect(a.last()).toEqual({ status: 'waiting' });
    expect(starts()).toBe(0);
    expect(commands).toEqual([]);
    expect(broker.sockets).toHaveLength(0);
    conn.connect();
    expect(starts()).toBe(1);
    expect(commands.map((c) => c.type)).toEqual(['create', 'subscribe', 'connect']);
    expect(commands[0]).toMatchObject({
      type: 'create',
      options: { urls: ['ws://other/ws'], login: 'ops', passcode: 'pw2', vhost: 'v' },
    });
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    expect(broker.received[0]).toMatchObject({
      command: 'CONNECT',
      headers: { login: 'ops', passcode: 'pw2', host: 'v' },
    });
    // A second connection shares the one worker.
    const other = link.create(OPTIONS);
    other.connect();
    expect(starts()).toBe(1);
    await vi.waitFor(() => expect(other.state.status).toBe('connected'));
    await Promise.all([conn.disconnect(), other.disconnect()]);
  });

  it('refuses a duplicate subscription id on the page, before anything is posted', async () => {
    const { link, commands } = wired();
    const conn = link.create(OPTIONS);
    conn.connect();
    track(conn, 'a', '/topic/x');
    const sentBefore = commands.length;
    const dup = track(conn, 'a', '/topic/y');
    expect(dup.result).toMatchObject({ ok: false, error: expect.stringContaining('already used') });
    expect(commands.length).toBe(sentBefore);
    await conn.disconnect();
  });

  it('forwards ACK and NACK to the broker, and refuses them while not connected', async () => {
    const { broker, link } = wired();
    const conn = link.create(OPTIONS);
    expect(conn.ack('m-1', 'a')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Not connected'),
    });
    const a = track(conn, 'a', '/queue/jobs', { ack: 'client-individual' });
    conn.connect();
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    broker.deliver('a', 'one');
    broker.deliver('a', 'two');
    await vi.waitFor(() => expect(a.bodies).toEqual(['one', 'two']));
    expect(conn.ack(a.frames[0]!.headers.ack!, 'a')).toEqual({ ok: true, value: undefined });
    expect(conn.nack(a.frames[1]!.headers.ack!, 'a', false)).toEqual({
      ok: true,
      value: undefined,
    });
    await vi.waitFor(() => expect(broker.framesOf('NACK')).toHaveLength(1));
    expect(broker.framesOf('ACK')[0]!.headers).toMatchObject({ id: a.frames[0]!.headers.ack });
    expect(broker.framesOf('NACK')[0]!.headers).toMatchObject({
      id: a.frames[1]!.headers.ack,
      requeue: 'false',
    });
    await conn.disconnect();
    expect(conn.ack('m-3', 'a')).toMatchObject({ ok: false });
  });

  it('stops one subscription and keeps the others', async () => {
    const { broker, link } = wired();
    const conn = link.create(OPTIONS);
    const a = track(conn, 'a', '/topic/a');
    const b = track(conn, 'b', '/topic/b');
    conn.connect();
    await vi.waitFor(() => expect(b.last()).toEqual({ status: 'subscribed' }));
    conn.unsubscribe('a');
    expect(conn.subscriptionIds()).toEqual(['b']);
    await vi.waitFor(() => expect(broker.framesOf('UNSUBSCRIBE')).toHaveLength(1));
    broker.deliver('b', 'still here');
    await vi.waitFor(() => expect(b.bodies).toEqual(['still here']));
    expect(a.bodies).toEqual([]);
    await conn.disconnect();
  });

  it('blames only the refused subscription, with the reason the worker worked out', async () => {
    const { broker, link } = wired();
    broker.refusedDestinations.add('/amq/queue/missing');
    const conn = link.create(OPTIONS);
    const bad = track(conn, 'bad', '/amq/queue/missing');
    const good = track(conn, 'good', '/topic/fine');
    conn.connect();
    await vi.waitFor(() => expect(bad.last()?.status).toBe('error'));
    expect(bad.last()).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('/amq/queue/missing'),
    });
    await vi.waitFor(() => expect(good.last()).toEqual({ status: 'subscribed' }));
    await conn.disconnect();
  });

  it('runs connections on the page when no worker can be made', async () => {
    const { broker, link, pageConnections, commands } = wired({ startThrows: true });
    const conn = link.create(OPTIONS);
    const a = track(conn, 'a', '/topic/x');
    conn.connect();
    expect((conn as RemoteConnection).runsIn).toBe('page');
    expect(link.failed).toMatch(/could not be created \(blocked by policy\)/);
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    broker.deliver('a', 'direct');
    await vi.waitFor(() => expect(a.bodies).toEqual(['direct']));
    expect(conn.state.status).toBe('connected');
    expect(commands).toEqual([]);
    // Later connections are plain page connections from the start.
    const later = link.create(OPTIONS);
    expect(later).toBe(pageConnections.at(-1));
    await conn.disconnect();
    expect(conn.state).toEqual({ status: 'disconnected' });
  });

  it('when the worker dies, moves every connection onto the page with its subscriptions and reconnects', async () => {
    const { broker, link, kill, pageConnections } = wired();
    const conn = link.create(OPTIONS);
    const idle = link.create(OPTIONS);
    const states = connectionStates(conn);
    const a = track(conn, 'a', '/topic/a');
    const b = track(conn, 'b', '/queue/b', { ack: 'client' });
    conn.connect();
    await vi.waitFor(() => expect(b.last()).toEqual({ status: 'subscribed' }));
    broker.deliver('a', 'before');
    await vi.waitFor(() => expect(a.bodies).toEqual(['before']));
    const socketsBefore = broker.sockets.length;
    kill();
    expect((conn as RemoteConnection).runsIn).toBe('page');
    // Not connected before: stays where it was (nothing runs yet) until it connects.
    expect((idle as RemoteConnection).runsIn).toBe('none');
    await vi.waitFor(() => expect(b.last()).toEqual({ status: 'subscribed' }));
    await vi.waitFor(() => expect(a.last()).toEqual({ status: 'subscribed' }));
    expect(broker.sockets.length).toBe(socketsBefore + 1);
    const resubscribed = broker.framesOf('SUBSCRIBE').slice(-2);
    expect(resubscribed.map((f) => [f.headers.id, f.headers.destination, f.headers.ack])).toEqual([
      ['a', '/topic/a', undefined],
      ['b', '/queue/b', 'client'],
    ]);
    broker.deliver('a', 'after');
    await vi.waitFor(() => expect(a.bodies).toEqual(['before', 'after']));
    expect(states.map((s) => s.status)).toEqual([
      'connecting',
      'connected',
      'connecting',
      'connected',
    ]);
    expect(pageConnections).toHaveLength(1);
    expect(conn.ack('m-x', 'b')).toEqual({ ok: true, value: undefined });
    idle.connect();
    expect((idle as RemoteConnection).runsIn).toBe('page');
    await vi.waitFor(() => expect(idle.state.status).toBe('connected'));
    await Promise.all([conn.disconnect(), idle.disconnect()]);
  });

  it('settles a disconnect that the dying worker never answered', async () => {
    const { link, kill } = wired();
    const conn = link.create(OPTIONS);
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('connected'));
    const done = conn.disconnect();
    kill();
    await expect(done).resolves.toBeUndefined();
    // Moved, but not asked to connect again.
    expect((conn as RemoteConnection).runsIn).toBe('page');
    expect(conn.state.status).not.toBe('connecting');
  });

  it('close() disconnects and lets the worker forget the connection', async () => {
    const { broker, link, host, commands } = wired();
    const kept = link.create(OPTIONS);
    const closing = link.create(OPTIONS);
    kept.connect();
    closing.connect();
    await vi.waitFor(() => expect(closing.state.status).toBe('connected'));
    expect(host.size).toBe(2);
    await closing.close();
    expect(closing.state).toEqual({ status: 'disconnected' });
    expect(commands.at(-1)).toEqual({ type: 'dispose', id: 2 });
    await vi.waitFor(() => expect(host.size).toBe(1));
    expect(broker.framesOf('DISCONNECT')).toHaveLength(1);
    // The other connection is untouched.
    expect(kept.state.status).toBe('connected');
    await kept.close();
    await vi.waitFor(() => expect(host.size).toBe(0));
  });

  it('a disconnect before any connect settles at once', async () => {
    const { link, starts } = wired();
    const conn = link.create(OPTIONS);
    const a = track(conn, 'a', '/topic/x');
    await conn.disconnect();
    expect(conn.state).toEqual({ status: 'disconnected' });
    expect(a.last()).toEqual({ status: 'waiting' });
    expect(starts()).toBe(0);
  });
});

describe('ConnectionHost', () => {
  it('answers a command for a connection it does not have instead of dropping it silently', () => {
    const batches: HostBatch[] = [];
    const host = new ConnectionHost({
      post: (batch) => batches.push(batch),
      createConnection: () => testConnection(new FakeBroker().factory),
    });
    host.handle({ type: 'connect', id: 7 });
    expect(batches).toEqual([
      {
        type: 'events',
        events: [
          { kind: 'refused', id: 7, command: 'connect', error: 'No connection 7 in the worker.' },
        ],
      },
    ]);
  });

  it('posts state changes at once and holds messages for at most one short delay, in order', async () => {
    const broker = new FakeBroker();
    const batches: HostBatch[] = [];
    const timers: (() => void)[] = [];
    const host = new ConnectionHost({
      post: (batch) => batches.push(batch),
      createConnection: (options) => testConnection(broker.factory, options.urls),
      setTimer: (callback) => void timers.push(callback),
      maxBatch: 3,
    });
    host.handle({ type: 'create', id: 1, options: OPTIONS });
    host.handle({
      type: 'subscribe',
      id: 1,
      spec: { id: 's', destination: '/topic/t', headers: {} },
    });
    host.handle({ type: 'connect', id: 1 });
    await vi.waitFor(() =>
      expect(
        batches
          .flatMap((b) => b.events)
          .some((e) => e.kind === 'subscription' && e.state.status === 'subscribed'),
      ).toBe(true),
    );
    const before = batches.length;
    for (let i = 0; i < 4; i++) broker.deliver('s', `m${i}`);
    await vi.waitFor(() => expect(batches.length).toBe(before + 1));
    // Three (the cap) went at once; the fourth waits for the timer.
    expect(batches.at(-1)!.events.map((e) => e.kind)).toEqual(['message', 'message', 'message']);
    expect(timers.length).toBeGreaterThan(0);
    for (const fire of timers.splice(0)) fire();
    expect(batches.at(-1)!.events).toEqual([
      expect.objectContaining({
        kind: 'message',
        subscriptionId: 's',
        body: new TextEncoder().encode('m3'),
      }),
    ]);
  });
});

describe('PlainFrame', () => {
  it('keeps the body in the form it came in and makes the other on first read', () => {
    const bytes = new TextEncoder().encode('héllo');
    const binary = new PlainFrame({ a: '1' }, bytes);
    expect(binary.isBinaryBody).toBe(true);
    expect(binary.binaryBody).toBe(bytes);
    expect(binary.body).toBe('héllo');
    const text = new PlainFrame({}, 'héllo');
    expect(text.isBinaryBody).toBe(false);
    expect([...text.binaryBody]).toEqual([...bytes]);
    expect(text.body).toBe('héllo');
  });
});
