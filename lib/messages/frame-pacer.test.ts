import { describe, expect, it } from 'vitest';
import { FramePacer, type PacerSlot } from './frame-pacer';

/** A pacer on a hand-driven clock: `frame(t)` runs the requested frame callback at time t. */
function paced(maxPerFrame = 2) {
  const requested: ((now: number) => void)[] = [];
  const pacer = new FramePacer((callback) => requested.push(callback), maxPerFrame, 1000 / 30);
  const runs: { pane: number; at: number }[] = [];
  let now = 0;
  const frame = (t: number) => {
    now = t;
    const callback = requested.shift();
    callback?.(t);
    return callback !== undefined;
  };
  /** Keeps pane `pane` busy: every run schedules the next, like a pane under a flood. */
  const flood = (pane: number, slot: PacerSlot = pacer.join()) => {
    const again = () => {
      runs.push({ pane, at: now });
      pacer.schedule(slot, again);
    };
    pacer.schedule(slot, again);
  };
  /** Frames at `hz` for one second from t = 1000. */
  const second = (hz: number) => {
    for (let i = 0; i < hz; i++) frame(1000 + i * (1000 / hz));
  };
  const perFrame = () => {
    const counts = new Map<number, number>();
    for (const run of runs) counts.set(run.at, (counts.get(run.at) ?? 0) + 1);
    return Math.max(...counts.values());
  };
  const of = (pane: number) => runs.filter((run) => run.pane === pane).length;
  return { pacer, requested, runs, frame, flood, second, perFrame, of };
}

describe('FramePacer', () => {
  it('requests no frame while nothing waits, and one at a time while something does', () => {
    const { pacer, requested } = paced();
    expect(requested).toHaveLength(0);
    pacer.schedule(pacer.join(), () => {});
    pacer.schedule(pacer.join(), () => {});
    expect(requested).toHaveLength(1);
  });

  it('on a 60 Hz display two flooded panes take turns, each at 30 Hz, never both in one frame', () => {
    const p = paced();
    p.flood(0);
    p.flood(1);
    p.second(60);
    expect(p.perFrame()).toBe(1);
    expect([p.of(0), p.of(1)]).toEqual([30, 30]);
  });

  it('four flooded panes keep 30 Hz each at two a frame', () => {
    const p = paced();
    for (let pane = 0; pane < 4; pane++) p.flood(pane);
    p.second(60);
    expect(p.perFrame()).toBe(2);
    expect([0, 1, 2, 3].map(p.of)).toEqual([30, 30, 30, 30]);
  });

  it('eight flooded panes share the frames: still two a frame, 15 Hz each, none left out', () => {
    const p = paced();
    for (let pane = 0; pane < 8; pane++) p.flood(pane);
    p.second(60);
    expect(p.perFrame()).toBe(2);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(p.of)).toEqual([15, 15, 15, 15, 15, 15, 15, 15]);
  });

  it('a pane alone still publishes at 30 Hz on a 60 Hz display, and on every frame at 30 Hz', () => {
    const sixty = paced();
    sixty.flood(0);
    sixty.second(60);
    expect(sixty.runs).toHaveLength(30);
    const thirty = paced();
    thirty.flood(0);
    thirty.second(30);
    expect(thirty.runs).toHaveLength(30);
  });

  it('when frames come slowly, panes wait their turn, the longest waiting first', () => {
    const { runs, frame, flood } = paced();
    flood(0);
    flood(1);
    for (let i = 0; i < 20; i++) frame(1000 + i * 50);
    expect(runs.map((run) => run.pane)).toEqual(Array.from({ length: 20 }, (_, i) => i % 2));
  });

  it('runs everything a pane scheduled in its turn, and cancelling drops a callback before it', () => {
    const { pacer, frame } = paced();
    const slot = pacer.join();
    let ran = 0;
    const cancel = pacer.schedule(slot, () => ran++);
    pacer.schedule(slot, () => ran++);
    pacer.schedule(slot, () => ran++);
    cancel();
    frame(1000);
    expect(ran).toBe(2);
  });

  it('a pane whose only callback was cancelled does not hold a turn', () => {
    const { pacer, frame, flood, runs } = paced(1);
    const idle = pacer.join();
    pacer.schedule(idle, () => {
      throw new Error('cancelled, must not run');
    })();
    flood(0);
    frame(1000);
    expect(runs).toEqual([{ pane: 0, at: 1000 }]);
  });
});
