import { describe, expect, it, vi } from 'vitest';
import {
  CATCH_UP_MS,
  REFRESH_MS,
  TopologyStore,
  type Timers,
  type TopologyRequest,
} from './topology-store';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Answers the four topology lists: one queue `jobs` with pane `a` consuming, one topic exchange. */
function brokerFetch(): typeof fetch {
  return vi.fn<typeof fetch>(async (url) => {
    const path = String(url);
    if (path.includes('/queues/'))
      return json([{ name: 'jobs', vhost: '/', consumers: 1, messages_ready: 0 }]);
    if (path.includes('/bindings/')) return json([]);
    if (path.includes('/consumers/'))
      return json([{ consumer_tag: 'T_a', queue: { name: 'jobs', vhost: '/' } }]);
    return json([{ name: 'orders', vhost: '/', type: 'fanout' }]);
  });
}

/** Timers that only fire when the test says so. */
function manualTimers() {
  let next = 0;
  const pending = new Map<number, { callback: () => void; ms: number; repeat: boolean }>();
  const timers: Timers = {
    setTimeout: (callback, ms) => (pending.set(++next, { callback, ms, repeat: false }), next),
    clearTimeout: (handle) => pending.delete(handle as number),
    setInterval: (callback, ms) => (pending.set(++next, { callback, ms, repeat: true }), next),
    clearInterval: (handle) => pending.delete(handle as number),
  };
  /** Runs every timer due after `ms` (one-shots are removed). */
  const fire = (ms: number) => {
    for (const [handle, timer] of [...pending]) {
      if (timer.ms !== ms) continue;
      if (!timer.repeat) pending.delete(handle);
      timer.callback();
    }
  };
  return { timers, fire, pending };
}

const request = (change: Partial<TopologyRequest> = {}): TopologyRequest => ({
  panes: [{ key: 'p1', subscriptionId: 'a', destination: '/queue/jobs' }],
  online: true,
  login: 'guest',
  passcode: 'guest',
  vhost: '/',
  ...change,
});

const fetchCalls = (fetchImpl: typeof fetch) =>
  (fetchImpl as unknown as { mock: { calls: unknown[] } }).mock.calls.length;

describe('TopologyStore', () => {
  it('asks for a login when the route lends none, and shows any other refusal as an error', async () => {
    const { timers } = manualTimers();
    const refusing = (kind: string) =>
      vi.fn<typeof fetch>(async () => json({ kind, error: `refused: ${kind}` }, 401));
    const store = new TopologyStore({
      fetchImpl: refusing('credentials-required'),
      timers,
      now: () => 1,
    });
    store.configure(request({ passcode: '' }));
    await vi.waitFor(() => expect(store.getSnapshot()).toEqual({ status: 'needs-credentials' }));
    store.stop();
    const wrong = new TopologyStore({ fetchImpl: refusing('unauthorized'), timers, now: () => 1 });
    wrong.configure(request({ passcode: 'typed-but-wrong' }));
    await vi.waitFor(() => expect(wrong.getSnapshot().status).toBe('error'));
    wrong.stop();
  });

  it('is off until configured online, then loading, then the topology with the broker facts', async () => {
    const fetchImpl = brokerFetch();
    const onFacts = vi.fn();
    const { timers } = manualTimers();
    const store = new TopologyStore({ fetchImpl, onFacts, timers, now: () => 42 });
    expect(store.getSnapshot()).toEqual({ status: 'off' });
    const listener = vi.fn();
    store.subscribe(listener);
    store.configure(request());
    expect(store.getSnapshot()).toEqual({ status: 'loading' });
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('ok'));
    const state = store.getSnapshot();
    if (state.status !== 'ok') throw new Error('not ok');
    expect(state.topology.panes[0]?.queue?.name).toBe('jobs');
    expect(state.updatedAt).toBe(42);
    expect(state.lists.exchanges).toEqual([{ name: 'orders', vhost: '/', type: 'fanout' }]);
    expect(onFacts).toHaveBeenCalledWith({ exchangeTypes: { orders: 'fanout' }, queues: ['jobs'] });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('polls again at the catch-up delays and every refresh interval, and not after stop', async () => {
    const fetchImpl = brokerFetch();
    const { timers, fire, pending } = manualTimers();
    const store = new TopologyStore({ fetchImpl, timers });
    store.configure(request());
    await vi.waitFor(() => expect(fetchCalls(fetchImpl)).toBe(4));
    fire(CATCH_UP_MS[0]);
    await vi.waitFor(() => expect(fetchCalls(fetchImpl)).toBe(8));
    fire(REFRESH_MS);
    fire(REFRESH_MS);
    await vi.waitFor(() => expect(fetchCalls(fetchImpl)).toBe(20));
    store.stop();
    expect(pending.size).toBe(0);
    expect(store.getSnapshot()).toEqual({ status: 'off' });
  });

  it('restarts with catch-up polls when the panes change, keeping what it showed meanwhile', async () => {
    const fetchImpl = brokerFetch();
    const { timers, pending } = manualTimers();
    const store = new TopologyStore({ fetchImpl, timers });
    store.configure(request());
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('ok'));
    store.configure(request());
    expect(fetchCalls(fetchImpl)).toBe(4);
    store.configure(
      request({
        panes: [...request().panes, { key: 'p2', subscriptionId: 'b', destination: '/queue/jobs' }],
      }),
    );
    expect(store.getSnapshot().status).toBe('ok');
    expect(pending.size).toBe(CATCH_UP_MS.length + 1);
    await vi.waitFor(() => expect(fetchCalls(fetchImpl)).toBe(8));
  });

  it('says in words what the route answered when it refuses, e.g. without credentials', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () =>
      json({ error: 'credentials required: type the login and passcode.' }, 401),
    );
    const onFacts = vi.fn();
    const store = new TopologyStore({ fetchImpl, onFacts, timers: manualTimers().timers });
    store.configure(request());
    await vi.waitFor(() =>
      expect(store.getSnapshot()).toEqual({
        status: 'error',
        reason: 'credentials required: type the login and passcode.',
      }),
    );
    expect(onFacts).not.toHaveBeenCalled();
  });

  it('ignores an answer that arrives after going offline', async () => {
    let answer: (response: Response) => void = () => {};
    const fetchImpl = vi.fn<typeof fetch>(
      () => new Promise<Response>((resolve) => (answer = resolve)),
    );
    const onFacts = vi.fn();
    const store = new TopologyStore({ fetchImpl, onFacts, timers: manualTimers().timers });
    store.configure(request());
    await vi.waitFor(() => expect(fetchCalls(fetchImpl)).toBeGreaterThan(0));
    store.configure(request({ online: false }));
    answer(json([]));
    await Promise.resolve();
    expect(store.getSnapshot()).toEqual({ status: 'off' });
    expect(onFacts).not.toHaveBeenCalled();
  });
});
