import { describe, expect, it } from 'vitest';
import { FramePacer } from './frame-pacer';

/** A pacer on a hand-driven clock: `frame(t)` runs the requested frame callback at time t. */
function paced(lanes = 2) {
  const requested: ((now: number) => void)[] = [];
  const pacer = new FramePacer((callback) => requested.push(callback), lanes, 1000 / 30);
  const runs: { lane: number; at: number }[] = [];
  let now = 0;
  const frame = (t: number) => {
    now = t;
    const callback = requested.shift();
    callback?.(t);
    return callback !== undefined;
  };
  /** Keeps lane `lane` busy: every run schedules the next, like a pane under a flood. */
  const flood = (lane: number) => {
    const again = () => {
      runs.push({ lane, at: now });
      pacer.schedule(lane, again);
    };
    pacer.schedule(lane, again);
  };
  return { pacer, requested, runs, frame, flood };
}

describe('FramePacer', () => {
  it('deals lanes round-robin', () => {
    const { pacer } = paced(2);
    expect([pacer.takeLane(), pacer.takeLane(), pacer.takeLane(), pacer.takeLane()]).toEqual([
      0, 1, 0, 1,
    ]);
  });

  it('requests no frame while nothing waits, and one at a time while something does', () => {
    const { pacer, requested } = paced();
    expect(requested).toHaveLength(0);
    pacer.schedule(0, () => {});
    pacer.schedule(1, () => {});
    expect(requested).toHaveLength(1);
  });

  it('on a 60 Hz display two flooded lanes take turns, each at 30 Hz, never both in one frame', () => {
    const { runs, frame, flood } = paced();
    flood(0);
    flood(1);
    for (let i = 0; i < 60; i++) frame(1000 + i * (1000 / 60));
    const perFrame = new Map<number, number>();
    for (const run of runs) perFrame.set(run.at, (perFrame.get(run.at) ?? 0) + 1);
    expect(Math.max(...perFrame.values())).toBe(1);
    expect(runs.filter((run) => run.lane === 0)).toHaveLength(30);
    expect(runs.filter((run) => run.lane === 1)).toHaveLength(30);
  });

  it('a lane alone still publishes at 30 Hz on a 60 Hz display, and on every frame at 30 Hz', () => {
    const sixty = paced();
    sixty.flood(0);
    for (let i = 0; i < 60; i++) sixty.frame(1000 + i * (1000 / 60));
    expect(sixty.runs).toHaveLength(30);
    const thirty = paced();
    thirty.flood(0);
    for (let i = 0; i < 30; i++) thirty.frame(1000 + i * (1000 / 30));
    expect(thirty.runs).toHaveLength(30);
  });

  it('when frames come slowly, lanes wait their turn: one lane per frame, oldest turn first', () => {
    const { runs, frame, flood } = paced();
    flood(0);
    flood(1);
    for (let i = 0; i < 20; i++) frame(1000 + i * 50);
    expect(runs.map((run) => run.lane)).toEqual(Array.from({ length: 20 }, (_, i) => i % 2));
  });

  it('cancelling drops a callback before its turn', () => {
    const { pacer, frame } = paced();
    let ran = 0;
    const cancel = pacer.schedule(0, () => ran++);
    pacer.schedule(0, () => ran++);
    cancel();
    frame(1000);
    expect(ran).toBe(1);
  });
});
