import { describe, expect, it } from 'vitest';
import type { PaneMessage } from '@/lib/messages/message';
import { PaneStore } from '@/lib/messages/pane-store';
import { MAX_CHART_SERIES, PaneChart } from './pane-chart';

/** A store whose publishes happen when the test says so. */
function manualStore(capacity = 5000) {
  let pending: (() => void) | null = null;
  const store = new PaneStore({
    capacity,
    schedule: (callback) => {
      pending = callback;
      return () => (pending = null);
    },
    interval: () => () => {},
    now: () => 0,
  });
  const flush = () => {
    const run = pending;
    pending = null;
    run?.();
  };
  return { store, flush };
}

let seq = 0;
function message(body: unknown, receivedAt = 1_000_000 + seq * 10): PaneMessage {
  seq++;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    seq,
    receivedAt,
    routingKey: 'k',
    destination: '/topic/k',
    headers: { priority: String(seq % 3) },
    body: text,
    size: text.length,
    binary: false,
    redelivered: false,
    messageId: undefined,
    ackId: undefined,
  };
}

describe('PaneChart', () => {
  it('charts a field over the messages already held, then each published batch', () => {
    const { store, flush } = manualStore();
    for (let i = 1; i <= 10; i++) store.receive(message({ i }));
    flush();
    const chart = new PaneChart(store);
    expect(chart.add('body.i')).toEqual({ ok: true, value: undefined });
    expect(chart.getSnapshot().series).toEqual([
      { path: 'body.i', points: 10, last: 10, min: 1, max: 10 },
    ]);
    let changes = 0;
    chart.subscribe(() => changes++);
    for (let i = 11; i <= 100; i++) store.receive(message({ i }));
    expect(chart.getSnapshot().series[0]?.last).toBe(10); // nothing before the publish
    flush();
    expect(changes).toBe(1); // one batch, one change
    expect(chart.getSnapshot().series[0]).toEqual({
      path: 'body.i',
      points: 100,
      last: 100,
      min: 1,
      max: 100,
    });
  });

  it('keeps at most its capacity of points, the newest', () => {
    const { store, flush } = manualStore(10_000);
    const chart = new PaneChart(store, 50);
    chart.add('body.v');
    for (let i = 0; i < 120; i++) store.receive(message({ v: i }));
    flush();
    const { times, values } = chart.columns();
    expect(times).toHaveLength(50);
    expect(values[0]?.[0]).toBe(70);
    expect(values[0]?.[49]).toBe(119);
    expect(chart.getSnapshot().series[0]).toMatchObject({ points: 50, min: 70, max: 119 });
    expect(times[0]).toBeLessThan(times[49]!);
  });

  it('skips messages without the field, and blanks a series where only another has a value', () => {
    const { store, flush } = manualStore();
    const chart = new PaneChart(store);
    chart.add('body.a');
    chart.add('body.b');
    store.receive(message({ a: 1 }));
    store.receive(message({ b: 2 }));
    store.receive(message({ c: 3 }));
    store.receive(message('not json'));
    store.receive(message({ a: 'seven' }));
    store.receive(message({ a: 4, b: 5 }));
    flush();
    const { times, values } = chart.columns();
    expect(times).toHaveLength(3);
    expect(values).toEqual([
      [1, null, 4],
      [null, 2, 5],
    ]);
    expect(chart.getSnapshot().series.map((s) => [s.points, s.last])).toEqual([
      [2, 4],
      [2, 5],
    ]);
  });

  it('reads header values that are numbers, not header text', () => {
    const { store, flush } = manualStore();
    const chart = new PaneChart(store);
    chart.add('size');
    store.receive(message({ i: 1 }));
    flush();
    expect(chart.getSnapshot().series[0]?.last).toBe(7);
  });

  it(`refuses a series past ${MAX_CHART_SERIES}, a repeat, and text that is not a path`, () => {
    const { store } = manualStore();
    const chart = new PaneChart(store);
    for (const path of ['body.a', 'body.b', 'body.c', 'body.d'])
      expect(chart.add(path).ok).toBe(true);
    const fifth = chart.add('body.e');
    expect(fifth).toEqual({
      ok: false,
      error: 'A pane charts at most 4 fields; remove one before charting body.e.',
    });
    expect(chart.add('body.a')).toEqual({
      ok: false,
      error: 'body.a is already charted in this pane.',
    });
    chart.remove('body.d');
    expect(chart.add('body.i > 3')).toMatchObject({ ok: false });
    expect(chart.add('hello')).toMatchObject({ ok: false });
    expect(chart.paths).toEqual(['body.a', 'body.b', 'body.c']);
  });

  it('removing a series re-reads the held messages for the rest, and the last one stops following', () => {
    const { store, flush } = manualStore();
    const chart = new PaneChart(store);
    chart.add('body.a');
    chart.add('body.b');
    store.receive(message({ a: 1 }));
    store.receive(message({ b: 2 }));
    flush();
    expect(chart.remove('body.a')).toBe(true);
    expect(chart.remove('body.a')).toBe(false);
    expect(chart.columns().values).toEqual([[2]]);
    chart.remove('body.b');
    expect(chart.getSnapshot().series).toEqual([]);
    let changes = 0;
    chart.subscribe(() => changes++);
    store.receive(message({ b: 3 }));
    flush();
    expect(changes).toBe(0);
  });

  it('reads a 200,000-message flood in batches without holding more than its capacity', () => {
    const { store, flush } = manualStore(5000);
    const chart = new PaneChart(store);
    chart.add('body.i');
    for (let i = 1; i <= 200_000; i++) {
      store.receive(message({ i }));
      if (i % 1000 === 0) flush();
    }
    expect(chart.getSnapshot().series[0]).toMatchObject({ points: 10_000, last: 200_000 });
    expect(chart.getSnapshot().series[0]?.min).toBe(190_001);
  });
});
