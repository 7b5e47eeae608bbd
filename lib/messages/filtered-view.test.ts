import { describe, expect, it } from 'vitest';
import type { PaneMessage } from './message';
import { RingBuffer } from './ring-buffer';
import { FilteredView, SLICE_BUDGET_MS, type SliceScheduler } from './filtered-view';

/** A clock that moves only when a test (or a filter's simulated cost) moves it, and a task queue. */
function fakeScheduler() {
  let time = 0;
  const tasks: (() => void)[] = [];
  const scheduler: SliceScheduler = {
    now: () => time,
    later: (callback) => {
      tasks.push(callback);
      return () => {
        const at = tasks.indexOf(callback);
        if (at >= 0) tasks.splice(at, 1);
      };
    },
  };
  return {
    scheduler,
    tasks,
    advance: (ms: number) => (time += ms),
    /** Runs the next queued task; returns how long it took by the clock. */
    runTask: () => {
      const started = time;
      tasks.shift()?.();
      return time - started;
    },
  };
}

function message(seq: number): PaneMessage {
  return {
    seq,
    receivedAt: seq,
    routingKey: 'k',
    destination: '/topic/k',
    headers: {},
    body: String(seq),
    size: 1,
    binary: false,
    redelivered: false,
    messageId: undefined,
    ackId: undefined,
  };
}

function filled(count: number, capacity = count): RingBuffer<PaneMessage> {
  const ring = new RingBuffer<PaneMessage>(capacity);
  for (let i = 1; i <= count; i++) ring.push(message(i));
  return ring;
}

/** Every tenth message matches; each test costs `costMs` on the fake clock. */
function everyTenth(advance: (ms: number) => void, costMs = 0.005) {
  const tested: number[] = [];
  const matches = (m: PaneMessage) => {
    advance(costMs);
    tested.push(m.seq);
    return m.seq % 10 === 0;
  };
  return { matches, tested };
}

const seqs = (view: FilteredView) => view.toArray().map((m) => m.seq);

describe('FilteredView', () => {
  it('tests the messages held in slices of at most the budget, then says it is done', () => {
    const { scheduler, tasks, advance, runTask } = fakeScheduler();
    const ring = filled(200_000);
    const { matches, tested } = everyTenth(advance);
    const view = new FilteredView(ring, matches, scheduler);
    expect(view.size).toBe(0); // nothing is tested before start
    expect(view.getProgress()).toEqual({ checked: 0, total: 200_000, done: false });
    let told = 0;
    view.subscribe(() => told++);
    view.start();
    const slices: number[] = [];
    while (tasks.length > 0) slices.push(runTask());
    // 200,000 tests of 0.005 ms = 1,000 ms of work, cut into slices of at most the budget
    // (plus one stride of 256 tests before the clock is looked at again).
    expect(slices.length).toBeGreaterThanOrEqual(1000 / (SLICE_BUDGET_MS + 256 * 0.005));
    expect(Math.max(...slices)).toBeLessThanOrEqual(SLICE_BUDGET_MS + 256 * 0.005 + 1e-9);
    expect(view.getProgress()).toEqual({ checked: 200_000, total: 200_000, done: true });
    expect(view.size).toBe(20_000);
    expect(tested).toHaveLength(200_000);
    // Progress is told about every 100 ms of run, not every slice, and once at the end.
    expect(told).toBeGreaterThan(5);
    expect(told).toBeLessThan(slices.length / 5);
  });

  it('shows the matches found so far, in order, while the run goes on', () => {
    const { scheduler, advance, runTask } = fakeScheduler();
    const view = new FilteredView(filled(10_000), everyTenth(advance, 0.01).matches, scheduler);
    view.start();
    runTask();
    const progress = view.getProgress();
    expect(progress.done).toBe(false);
    expect(progress.checked).toBeGreaterThan(0);
    expect(view.size).toBe(Math.floor(progress.checked / 10));
    expect(view.get(0)?.seq).toBe(10);
  });

  it('stop cancels a stale run; start carries on from where it stopped', () => {
    const { scheduler, tasks, advance, runTask } = fakeScheduler();
    const { matches, tested } = everyTenth(advance, 0.01);
    const view = new FilteredView(filled(10_000), matches, scheduler);
    const stop = view.start();
    runTask();
    const after = tested.length;
    stop();
    expect(tasks).toHaveLength(0);
    view.start();
    view.start(); // idempotent: one run, not two
    expect(tasks).toHaveLength(1);
    while (tasks.length > 0) runTask();
    expect(tested).toHaveLength(10_000);
    expect(new Set(tested).size).toBe(10_000);
    expect(after).toBeLessThan(10_000);
    expect(view.size).toBe(1000);
  });

  it('matches new arrivals as they come, after the backlog in order, during the run', () => {
    const { scheduler, tasks, advance, runTask } = fakeScheduler();
    const ring = filled(1000, 5000);
    const view = new FilteredView(ring, everyTenth(advance, 0.05).matches, scheduler);
    view.start();
    runTask();
    for (let i = 1001; i <= 1020; i++) ring.push(message(i));
    expect(view.size).toBeLessThan(100 + 2);
    expect(view.get(view.size - 1)?.seq).toBe(1020);
    while (tasks.length > 0) runTask();
    expect(seqs(view)).toEqual(Array.from({ length: 102 }, (_, i) => (i + 1) * 10));
  });

  it('skips what is evicted before its turn, and drops evicted matches', () => {
    const { scheduler, tasks, advance, runTask } = fakeScheduler();
    const ring = filled(1000);
    const { matches, tested } = everyTenth(advance, 0.05);
    const view = new FilteredView(ring, matches, scheduler);
    view.start();
    runTask();
    const first = tested.length;
    expect(first).toBeLessThan(500);
    for (let i = 1001; i <= 1500; i++) ring.push(message(i)); // evicts 1..500
    while (tasks.length > 0) runTask();
    expect(seqs(view)[0]).toBe(510);
    expect(seqs(view).at(-1)).toBe(1500);
    expect(view.size).toBe(100);
    expect(tested.filter((seq) => seq > first && seq <= 500)).toEqual([]);
    expect(view.getProgress().done).toBe(true);
  });

  it('toArray finishes the run first, so an export leaves nothing out', () => {
    const { scheduler, tasks, advance } = fakeScheduler();
    const view = new FilteredView(filled(5000), everyTenth(advance).matches, scheduler);
    view.start();
    expect(view.toArray()).toHaveLength(500);
    expect(tasks).toHaveLength(0);
    expect(view.getProgress().done).toBe(true);
  });

  it('is done at once over an empty window', () => {
    const { scheduler, tasks, advance } = fakeScheduler();
    const view = new FilteredView(filled(0, 10), everyTenth(advance).matches, scheduler);
    view.start();
    expect(tasks).toHaveLength(0);
    expect(view.getProgress()).toEqual({ checked: 0, total: 0, done: true });
  });
});

describe('FilteredView batches', () => {
  it('hands each batch of messages to the predicate’s prepare before testing them', () => {
    const { scheduler, tasks, runTask } = fakeScheduler();
    const ring = filled(1000, 2000);
    const prepared: number[][] = [];
    const tested: number[] = [];
    const matches = Object.assign(
      (m: PaneMessage) => {
        tested.push(m.seq);
        return m.seq % 2 === 0;
      },
      { prepare: (batch: readonly PaneMessage[]) => prepared.push(batch.map((m) => m.seq)) },
    );
    const view = new FilteredView(ring, matches, scheduler);
    view.start();
    while (tasks.length > 0) runTask();
    expect(prepared.flat()).toEqual(tested);
    expect(prepared.every((batch) => batch.length <= 256)).toBe(true);
    ring.push(message(1001));
    ring.push(message(1002));
    expect(view.size).toBe(501);
    expect(prepared.at(-1)).toEqual([1001, 1002]);
  });
});
