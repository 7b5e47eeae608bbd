import { describe, expect, it, vi } from 'vitest';
import type { PaneMessage } from './message';
import {
  compileFilter,
  matchesFilter,
  PaneStore,
  SPARKLINE_SECONDS,
  type PaneStoreOptions,
} from './pane-store';

const utf8 = (text: string) => new TextEncoder().encode(text);

function msg(
  seq: number,
  body: Uint8Array | string = `body ${seq}`,
  headers: Record<string, string> = { destination: '/topic/t', subscription: 'sub-0' },
): PaneMessage {
  return {
    seq,
    receivedAt: 0,
    routingKey: 't',
    destination: headers['destination'] ?? '',
    headers,
    body,
    size: 0,
    binary: typeof body !== 'string',
    redelivered: false,
    messageId: undefined,
    ackId: undefined,
  };
}

/** A store driven by hand: frames, the 1 s ticker and the clock. */
function setup(options: Omit<PaneStoreOptions, 'schedule' | 'now' | 'interval'> = {}) {
  const frames: (() => void)[] = [];
  const tickers = new Set<() => void>();
  let time = 10_000;
  const schedule = vi.fn((callback: () => void) => {
    frames.push(callback);
    return () => {
      const i = frames.indexOf(callback);
      if (i >= 0) frames.splice(i, 1);
    };
  });
  const store = new PaneStore({
    ...options,
    schedule,
    now: () => time,
    interval: (callback) => {
      tickers.add(callback);
      return () => tickers.delete(callback);
    },
  });
  return {
    store,
    schedule,
    /** Runs the frame callbacks queued so far, like one animation frame. */
    frame() {
      for (const callback of frames.splice(0)) callback();
    },
    framesQueued: () => frames.length,
    tick() {
      for (const callback of [...tickers]) callback();
    },
    tickers: () => tickers.size,
    advance(ms: number) {
      time += ms;
    },
    at(ms: number) {
      time = ms;
    },
  };
}

const seqs = (window: Iterable<PaneMessage>) => [...window].map((m) => m.seq);

describe('PaneStore batching', () => {
  it('publishes many receives with one flush and one listener call', () => {
    const { store, schedule, frame } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    const before = store.getSnapshot();
    for (let i = 1; i <= 1000; i++) store.receive(msg(i));

    expect(schedule).toHaveBeenCalledTimes(1);
    expect(listener).not.toHaveBeenCalled();
    expect(store.getSnapshot()).toBe(before);
    expect(store.messages().size).toBe(0);

    frame();
    expect(listener).toHaveBeenCalledTimes(1);
    const after = store.getSnapshot();
    expect(after).not.toBe(before);
    expect(after).toMatchObject({ version: before.version + 1, count: 1000, shown: 1000 });
    expect(store.getSnapshot()).toBe(after);
    expect(seqs(store.messages())).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('schedules again only after a flush', () => {
    const { store, schedule, frame } = setup();
    store.receive(msg(1));
    store.receive(msg(2));
    frame();
    store.receive(msg(3));
    expect(schedule).toHaveBeenCalledTimes(2);
  });

  it('starts empty, with an immutable snapshot', () => {
    const { store } = setup();
    const snapshot = store.getSnapshot();
    expect(snapshot).toEqual({
      version: 0,
      count: 0,
      redelivered: 0,
      shown: 0,
      pausedWaiting: 0,
      paused: false,
      ratePerSecond: 0,
      sparkline: new Array(SPARKLINE_SECONDS).fill(0),
      capacity: 5000,
    });
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.sparkline)).toBe(true);
    expect(store.getServerSnapshot()).toBe(snapshot);
  });

  it('returns the same window object every time', () => {
    const { store } = setup();
    expect(store.messages()).toBe(store.messages());
  });
});

describe('PaneStore capacity', () => {
  it('evicts the oldest while count keeps counting', () => {
    const { store, frame } = setup({ capacity: 3 });
    for (let i = 1; i <= 10; i++) store.receive(msg(i));
    frame();
    expect(store.getSnapshot()).toMatchObject({ count: 10, shown: 3, capacity: 3 });
    expect(seqs(store.messages())).toEqual([8, 9, 10]);
    store.receive(msg(11));
    frame();
    expect(seqs(store.messages())).toEqual([9, 10, 11]);
    expect(store.getSnapshot().count).toBe(11);
  });

  it('evicts across frames the same as within one', () => {
    const { store, frame } = setup({ capacity: 4 });
    for (let i = 1; i <= 9; i++) {
      store.receive(msg(i));
      if (i % 2 === 0) frame();
    }
    frame();
    expect(seqs(store.messages())).toEqual([6, 7, 8, 9]);
  });

  it('changes capacity keeping the newest', () => {
    const { store, frame } = setup({ capacity: 5 });
    for (let i = 1; i <= 5; i++) store.receive(msg(i));
    frame();
    const listener = vi.fn();
    store.subscribe(listener);
    store.setCapacity(2);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).toMatchObject({ capacity: 2, shown: 2, count: 5 });
    expect(seqs(store.messages())).toEqual([4, 5]);
    store.setCapacity(4);
    for (let i = 6; i <= 7; i++) store.receive(msg(i));
    frame();
    expect(seqs(store.messages())).toEqual([4, 5, 6, 7]);
    expect(() => store.setCapacity(0)).toThrow(RangeError);
  });
});

describe('PaneStore pause and resume', () => {
  it('holds messages while paused and shows them in arrival order after resume', () => {
    const { store, frame } = setup();
    for (let i = 1; i <= 3; i++) store.receive(msg(i));
    frame();
    store.pause();
    expect(store.getSnapshot()).toMatchObject({ paused: true, pausedWaiting: 0, shown: 3 });

    for (let i = 4; i <= 8; i++) {
      store.receive(msg(i));
      frame();
    }
    expect(store.getSnapshot()).toMatchObject({
      count: 8,
      shown: 3,
      pausedWaiting: 5,
      paused: true,
    });
    expect(seqs(store.messages())).toEqual([1, 2, 3]);

    store.resume();
    expect(store.getSnapshot()).toMatchObject({
      count: 8,
      shown: 8,
      pausedWaiting: 0,
      paused: false,
    });
    expect(seqs(store.messages())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    store.receive(msg(9));
    frame();
    expect(seqs(store.messages())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('shows what arrived before pause even if no frame ran yet', () => {
    const { store, framesQueued } = setup();
    store.receive(msg(1));
    store.receive(msg(2));
    store.pause();
    expect(framesQueued()).toBe(0);
    expect(seqs(store.messages())).toEqual([1, 2]);
    expect(store.getSnapshot().pausedWaiting).toBe(0);
  });

  it('still publishes counts while paused', () => {
    const { store, frame } = setup();
    store.pause();
    const listener = vi.fn();
    store.subscribe(listener);
    store.receive(msg(1));
    frame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).toMatchObject({ count: 1, pausedWaiting: 1, shown: 0 });
  });

  it('ends up with the same window as unpaused when more than capacity arrive', () => {
    const paused = setup({ capacity: 3 });
    const live = setup({ capacity: 3 });
    paused.store.pause();
    for (let i = 1; i <= 10; i++) {
      paused.store.receive(msg(i));
      live.store.receive(msg(i));
    }
    paused.frame();
    live.frame();
    expect(paused.store.getSnapshot()).toMatchObject({ count: 10, pausedWaiting: 10, shown: 0 });
    paused.store.resume();
    expect(seqs(paused.store.messages())).toEqual(seqs(live.store.messages()));
    expect(seqs(paused.store.messages())).toEqual([8, 9, 10]);
    expect(paused.store.getSnapshot().count).toBe(10);
  });

  it('ignores a second pause or resume', () => {
    const { store } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    store.resume();
    store.pause();
    store.pause();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('PaneStore clear', () => {
  it('empties the window and resets the count', () => {
    const { store, frame } = setup();
    for (let i = 1; i <= 4; i++) store.receive(msg(i));
    frame();
    store.receive(msg(5)); // arrived, not yet published
    store.clear();
    expect(store.getSnapshot()).toMatchObject({ count: 0, shown: 0 });
    frame();
    expect(store.messages().size).toBe(0);
    store.receive(msg(6));
    frame();
    expect(seqs(store.messages())).toEqual([6]);
    expect(store.getSnapshot().count).toBe(1);
  });

  it('keeps waiting messages while paused, and counts them', () => {
    const { store, frame } = setup();
    store.receive(msg(1));
    frame();
    store.pause();
    store.receive(msg(2));
    store.receive(msg(3));
    frame();
    store.clear();
    expect(store.getSnapshot()).toMatchObject({
      count: 2,
      shown: 0,
      pausedWaiting: 2,
      paused: true,
    });
    store.resume();
    expect(seqs(store.messages())).toEqual([2, 3]);
    expect(store.getSnapshot()).toMatchObject({ count: 2, shown: 2 });
  });

  it('keeps the rate history', () => {
    const { store, frame, advance } = setup();
    store.receive(msg(1));
    advance(1000);
    frame();
    expect(store.getSnapshot().ratePerSecond).toBe(1);
    store.clear();
    expect(store.getSnapshot().ratePerSecond).toBe(1);
  });
});

describe('PaneStore rate', () => {
  it('counts messages into one-second buckets', () => {
    const { store, frame, at } = setup();
    at(10_100);
    for (let i = 0; i < 5; i++) store.receive(msg(i));
    at(11_500);
    for (let i = 0; i < 3; i++) store.receive(msg(i));
    frame();
    // 11.5 s is inside the current second: it is not complete, so not shown yet.
    expect(store.getSnapshot().ratePerSecond).toBe(5);
    at(12_000);
    store.receive(msg(9));
    frame();
    const { sparkline, ratePerSecond } = store.getSnapshot();
    expect(ratePerSecond).toBe(3);
    expect(sparkline).toHaveLength(SPARKLINE_SECONDS);
    expect(sparkline.slice(-3)).toEqual([0, 5, 3]);
  });

  it('counts arrivals while paused too', () => {
    const { store, frame, advance } = setup();
    store.pause();
    store.receive(msg(1));
    store.receive(msg(2));
    advance(1000);
    frame();
    expect(store.getSnapshot().ratePerSecond).toBe(2);
  });

  it('ticks the sparkline while idle, only while subscribed, and stops when flat', () => {
    const { store, frame, tick, tickers, advance } = setup();
    expect(tickers()).toBe(0);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    expect(tickers()).toBe(1);

    store.receive(msg(1));
    frame();
    listener.mockClear();

    tick(); // same second: nothing to say
    expect(listener).not.toHaveBeenCalled();

    advance(1000);
    tick();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().ratePerSecond).toBe(1);

    advance(1000);
    tick();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot().ratePerSecond).toBe(0);
    expect(store.getSnapshot().sparkline.slice(-2)).toEqual([1, 0]);

    advance(SPARKLINE_SECONDS * 1000);
    tick();
    expect(store.getSnapshot().sparkline.every((n) => n === 0)).toBe(true);
    const calls = listener.mock.calls.length;
    advance(5000);
    tick();
    expect(listener).toHaveBeenCalledTimes(calls);

    unsubscribe();
    unsubscribe();
    expect(tickers()).toBe(0);
  });

  it('carries on when the clock goes back', () => {
    const { store, frame, at } = setup();
    at(50_500);
    store.receive(msg(1));
    at(20_200);
    store.receive(msg(2));
    at(21_000);
    store.receive(msg(3));
    frame();
    expect(store.getSnapshot().ratePerSecond).toBe(2);
  });

  it('forgets everything after a gap longer than the sparkline', () => {
    const { store, frame, advance } = setup();
    for (let i = 0; i < 7; i++) store.receive(msg(i));
    advance(1000);
    frame();
    expect(store.getSnapshot().sparkline.at(-1)).toBe(7);
    advance(120_000);
    store.receive(msg(8));
    frame();
    expect(store.getSnapshot().sparkline.every((n) => n === 0)).toBe(true);
  });
});

describe('PaneStore lifecycle', () => {
  it('stops listening to everything after dispose', () => {
    const { store, frame, framesQueued, tickers } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    store.receive(msg(1));
    store.dispose();
    expect(framesQueued()).toBe(0);
    expect(tickers()).toBe(0);
    store.receive(msg(2));
    frame();
    store.dispose();
    expect(listener).not.toHaveBeenCalled();
    expect(store.messages().size).toBe(0);
    expect(store.subscribe(listener)).toBeTypeOf('function');
  });

  it('does not call an unsubscribed listener', () => {
    const { store, frame } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const unsubscribeA = store.subscribe(a);
    store.subscribe(b);
    unsubscribeA();
    store.receive(msg(1));
    frame();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('uses setTimeout when there is no requestAnimationFrame', async () => {
    const store = new PaneStore({ capacity: 10 });
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.receive(msg(1));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().shown).toBe(1);
    unsubscribe();
    store.dispose();
  });

  it('receives 200,000 messages with one scheduled flush (sanity check, not a benchmark)', ({
    annotate,
  }) => {
    const { store, schedule, frame } = setup();
    const messages = Array.from({ length: 200_000 }, (_, i) => msg(i + 1));
    const started = performance.now();
    for (const m of messages) store.receive(m);
    const elapsed = performance.now() - started;
    frame();
    expect(schedule).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).toMatchObject({ count: 200_000, shown: 5000 });
    expect(store.messages().get(0)?.seq).toBe(195_001);
    expect(store.messages().get(4999)?.seq).toBe(200_000);
    void annotate(
      `receive(): ${Math.round(200_000 / (elapsed / 1000)).toLocaleString('en-US')} msg/s`,
    );
  });
});

describe('compileFilter and matchesFilter', () => {
  const m = msg(1, utf8('{"Order":"Ünïcode Pizza"}'), {
    destination: '/topic/orders.eu',
    'content-type': 'application/json',
    'x-Tenant': 'ACME',
  });

  it.each([
    ['pizza', true],
    ['ÜNÏCODE', true],
    ['  order  ', true],
    ['orders.eu', true],
    ['x-tenant', true],
    ['acme', true],
    ['content-type:application/json', true],
    ['x-tenant:acme', true],
    ['x-tenant:other', false],
    ['burger', false],
    ['', true],
    ['   ', true],
  ])('%j -> %s', (query, expected) => {
    expect(matchesFilter(m, query)).toBe(expected);
    expect(compileFilter(query)(m)).toBe(expected);
  });

  it('does not search bodies that are not UTF-8, but does search their headers', () => {
    const binary = msg(2, new Uint8Array([0xff, 0x61, 0x62, 0x63]), { destination: '/queue/q' });
    expect(matchesFilter(binary, 'abc')).toBe(false);
    expect(matchesFilter(binary, '/queue/q')).toBe(true);
  });

  it('searches text bodies', () => {
    expect(matchesFilter(msg(3, 'Hello World'), 'o w')).toBe(true);
  });
});

describe('PaneStore.filteredView', () => {
  /** Messages whose header reads are counted, to see how often the filter looks at each. */
  function counted(seq: number, body: string, looks: Map<number, number>): PaneMessage {
    const headers = new Proxy<Record<string, string>>(
      { destination: '/topic/t' },
      {
        ownKeys(target) {
          looks.set(seq, (looks.get(seq) ?? 0) + 1);
          return Reflect.ownKeys(target);
        },
      },
    );
    return msg(seq, body, headers);
  }

  it('follows the window: new matches appear, evicted ones go', () => {
    const { store, frame } = setup({ capacity: 4 });
    const view = store.filteredView('hit');
    for (let i = 1; i <= 4; i++) store.receive(msg(i, i % 2 ? 'hit' : 'miss'));
    frame();
    expect(seqs(view)).toEqual([1, 3]);
    expect(view.size).toBe(2);
    expect(view.get(0)?.seq).toBe(1);
    expect(view.get(2)).toBeUndefined();
    expect(view.get(-1)).toBeUndefined();

    for (let i = 5; i <= 7; i++) store.receive(msg(i, i % 2 ? 'hit' : 'miss'));
    frame();
    expect(seqs(store.messages())).toEqual([4, 5, 6, 7]);
    expect(seqs(view)).toEqual([5, 7]);
    expect(view.toArray().map((x) => x.seq)).toEqual([5, 7]);
  });

  it('changes only on publish, like the window', () => {
    const { store, frame } = setup();
    const view = store.filteredView('x');
    store.receive(msg(1, 'x'));
    expect(view.size).toBe(0);
    frame();
    expect(view.size).toBe(1);
  });

  it('tests each message once, however often it is read', () => {
    const looks = new Map<number, number>();
    const { store, frame } = setup({ capacity: 100 });
    const view = store.filteredView('needle');
    for (let round = 0; round < 5; round++) {
      for (let i = 1; i <= 20; i++) {
        const seq = round * 20 + i;
        store.receive(counted(seq, i === 7 ? 'a needle' : 'hay', looks));
      }
      frame();
      for (let read = 0; read < 3; read++) void view.size;
    }
    expect(view.size).toBe(5);
    expect([...looks.values()].every((n) => n === 1)).toBe(true);
    expect(looks.size).toBe(100);
  });

  it('skips messages evicted before it was first read', () => {
    const looks = new Map<number, number>();
    const { store, frame } = setup({ capacity: 3 });
    const view = store.filteredView('b');
    for (let i = 1; i <= 10; i++) store.receive(counted(i, 'b', looks));
    frame();
    expect(seqs(view)).toEqual([8, 9, 10]);
    expect([...looks.keys()]).toEqual([8, 9, 10]);
  });

  it('empties on clear and shrinks with the capacity', () => {
    const { store, frame } = setup({ capacity: 5 });
    const view = store.filteredView('m');
    for (let i = 1; i <= 5; i++) store.receive(msg(i, 'm'));
    frame();
    store.setCapacity(2);
    expect(seqs(view)).toEqual([4, 5]);
    store.clear();
    expect(view.size).toBe(0);
    store.receive(msg(6, 'm'));
    frame();
    expect(seqs(view)).toEqual([6]);
  });

  it('keeps working past its compaction threshold', () => {
    const { store, frame } = setup({ capacity: 10 });
    const view = store.filteredView('y');
    for (let i = 1; i <= 5000; i++) {
      store.receive(msg(i, 'y'));
      if (i % 7 === 0) {
        frame();
        expect(view.get(view.size - 1)?.seq).toBe(i);
      }
    }
    frame();
    expect(seqs(view)).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
  });

  it('gives the window itself for an empty query', () => {
    const { store } = setup();
    expect(store.filteredView('  ')).toBe(store.messages());
  });
});

describe('PaneStore rendering economy', () => {
  it('keeps the same sparkline array across flushes until a second completes', () => {
    const { store, frame, advance } = setup();
    store.receive(msg(1));
    frame();
    const first = store.getSnapshot().sparkline;
    advance(100);
    store.receive(msg(2));
    frame();
    expect(store.getSnapshot().version).toBeGreaterThan(0);
    expect(store.getSnapshot().sparkline).toBe(first);
    advance(1000);
    store.receive(msg(3));
    frame();
    expect(store.getSnapshot().sparkline).not.toBe(first);
    expect(store.getSnapshot().sparkline.at(-1)).toBe(2);
  });

  it('by default, panes take turns on animation frames, each publishing at most 30 times a second', () => {
    const requested: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) =>
      requested.push(callback),
    );
    vi.stubGlobal('cancelAnimationFrame', () => {});
    try {
      const stores = [new PaneStore(), new PaneStore(), new PaneStore(), new PaneStore()];
      const published = stores.map(() => vi.fn());
      stores.forEach((store, i) => store.subscribe(published[i]!));
      stores.forEach((store, i) => store.receive(msg(i + 1)));
      const calls = () => published.map((fn) => fn.mock.calls.length);
      expect(requested).toHaveLength(1);
      const t0 = 1_000_000;
      requested.shift()!(t0);
      // Half of the four busy panes this frame, the other half on the next.
      expect(calls().reduce((a, b) => a + b)).toBe(2);
      requested.shift()!(t0 + 16);
      expect(calls()).toEqual([1, 1, 1, 1]);
      expect(requested).toHaveLength(0);
      // A pane is not published again sooner than MIN_PUBLISH_INTERVAL_MS after its last turn.
      stores.forEach((store, i) => store.receive(msg(10 + i)));
      requested.shift()!(t0 + 16 + 16);
      expect(calls().reduce((a, b) => a + b)).toBe(6);
      requested.shift()!(t0 + 16 + 16 + 16);
      expect(calls()).toEqual([2, 2, 2, 2]);
      expect(stores.map((store) => store.getSnapshot().count)).toEqual([2, 2, 2, 2]);
      // A store disposed before its turn is skipped.
      stores[1]!.receive(msg(20));
      stores[1]!.dispose();
      requested.shift()!(t0 + 200);
      requested.shift()?.(t0 + 216);
      expect(published[1]!.mock.calls.length).toBe(2);
      stores.forEach((store) => store.dispose());
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
