import { describe, expect, it } from 'vitest';
import type { PaneTopology, Topology } from '@/lib/management/topology';
import { describeAge, describeLag, growingFor, LagTrend } from './pane-lag';

const paneOn = (
  key: string,
  ready: number | null,
  unacked: number,
  extra: Partial<PaneTopology> = {},
  consumers = 1,
): PaneTopology => ({
  paneKey: key,
  queue: {
    name: `q-${key}`,
    consumers,
    messagesReady: ready,
    messagesUnacknowledged: unacked,
    type: 'classic',
  },
  candidateQueues: [`q-${key}`],
  bindings: [],
  roundRobinWith: [],
  ...extra,
});
const topology = (...panes: PaneTopology[]): Topology => ({ panes, queues: [] });

describe('LagTrend', () => {
  it('adds ready and unacked, and times how long the backlog has grown', () => {
    const trend = new LagTrend();
    trend.update(topology(paneOn('a', 100, 5)), 0);
    trend.update(topology(paneOn('a', 2000, 5)), 5000);
    const lag = trend.update(topology(paneOn('a', 12_395, 5)), 10_000).get('a')!;
    expect(lag).toMatchObject({
      queue: 'q-a',
      waiting: 12_400,
      shared: false,
      growingForMs: 10_000,
    });
    expect(describeLag(lag, 13_000)).toEqual({
      text: 'falling behind: 12,400 waiting in the broker',
      fallingBehind: true,
      age: '3 s ago',
    });
  });

  it('does not call out a backlog that grew for less than 10 s, or that went down', () => {
    const trend = new LagTrend();
    trend.update(topology(paneOn('a', 100, 0)), 0);
    let lag = trend.update(topology(paneOn('a', 900, 0)), 5000).get('a')!;
    expect(describeLag(lag, 5000)).toMatchObject({
      text: '900 waiting in the broker',
      fallingBehind: false,
      age: 'just now',
    });
    trend.update(topology(paneOn('a', 500, 0)), 10_000);
    lag = trend.update(topology(paneOn('a', 800, 0)), 15_000).get('a')!;
    expect(lag.growingForMs).toBe(5000);
    expect(describeLag(lag, 15_000).fallingBehind).toBe(false);
  });

  it('ignores a poll it has seen, and drops panes whose queue is unknown', () => {
    const trend = new LagTrend();
    trend.update(topology(paneOn('a', 1, 0)), 0);
    const again = trend.update(topology(paneOn('a', 1000, 0)), 0);
    expect(again.get('a')!.waiting).toBe(1);
    const later = trend.update(topology(paneOn('a', null, 0)), 5000);
    expect(later.has('a')).toBe(false);
  });

  it("does not call a backlog under 2 s of the pane's own rate falling behind", () => {
    const trend = new LagTrend();
    trend.update(topology(paneOn('a', 12, 0)), 0);
    trend.update(topology(paneOn('a', 66, 0)), 5000);
    const lag = trend.update(topology(paneOn('a', 125, 0)), 10_000).get('a')!;
    expect(lag.growingForMs).toBe(10_000);
    expect(describeLag(lag, 10_000, 300).fallingBehind).toBe(false);
    expect(describeLag(lag, 10_000, 50).fallingBehind).toBe(true);
    expect(describeLag(lag, 10_000).fallingBehind).toBe(true);
  });

  it('labels a shared queue as the whole queue', () => {
    const trend = new LagTrend();
    const lag = trend
      .update(topology(paneOn('a', 40, 2, { roundRobinWith: ['b'] }, 2)), 0)
      .get('a')!;
    expect(describeLag(lag, 0).text).toBe(
      '42 waiting in the broker (shared queue q-a, all consumers)',
    );
  });
});

describe('growingFor', () => {
  it('lets equal neighbours continue a rise (the broker refreshes statistics every 5 s)', () => {
    const s = (at: number, waiting: number) => ({ at, waiting });
    expect(growingFor([s(0, 10), s(5000, 20), s(10_000, 20), s(15_000, 30)])).toBe(15_000);
    expect(growingFor([s(0, 10), s(5000, 10)])).toBe(0);
    expect(growingFor([s(0, 10)])).toBe(0);
  });
});

describe('describeAge', () => {
  it('says how old a figure is', () => {
    expect(describeAge(500)).toBe('just now');
    expect(describeAge(7400)).toBe('7 s ago');
    expect(describeAge(180_000)).toBe('3 min ago');
  });
});
