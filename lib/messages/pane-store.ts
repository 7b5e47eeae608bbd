import { parseFilterExpression } from './filter-expression';
import { compileTextFilter } from './text-filter';
import type { PaneMessage } from './message';
import { FilteredView, type MessagePredicate, type SliceScheduler } from './filtered-view';
import { FramePacer } from './frame-pacer';
import { RingBuffer } from './ring-buffer';

/**
 * Runs `callback` once, soon (normally on the next animation frame); returns a function that
 * cancels it if it has not run yet.
 */
export type Schedule = (callback: () => void) => () => void;

/** Runs `callback` every `ms` milliseconds until the returned function is called. */
export type Interval = (callback: () => void, ms: number) => () => void;

/** Options for {@link PaneStore}. */
export interface PaneStoreOptions {
  /** How many messages a pane shows (the newest are kept). Default 5000. */
  capacity?: number;
  /**
   * When to publish what arrived. By default on animation frames, at most 30 times a second,
   * taking turns with other panes so a frame publishes at most two of them (`FramePacer`);
   * where there are no frames (Node), `setTimeout(16)`.
   */
  schedule?: Schedule;
  /**
   * The clock for the rate buckets, in milliseconds. Default `performance.now`, which never
   * jumps back when the system clock is set; a clock that does jump back is tolerated.
   */
  now?: () => number;
  /**
   * Drives the once-a-second rate and sparkline updates while nothing arrives (so they fall to
   * zero when traffic stops); runs only while someone is subscribed. Default `setInterval`.
   */
  interval?: Interval;
}

/**
 * What a pane renders, as one immutable object. A new one is made only when the store
 * publishes (at most once per frame and 30 times a second, plus once a second while the rate changes), so it is a
 * valid `useSyncExternalStore` snapshot.
 */
export interface PaneSnapshot {
  /** Goes up by one with every published change; the messages window changes only with it. */
  readonly version: number;
  /**
   * Messages received since the store was made or last cleared, shown or not, including those
   * since evicted from the window and those waiting while paused.
   */
  readonly count: number;
  /**
   * Deliveries since the store was made or last cleared that the broker flagged `redelivered`
   * (delivered before, to this pane or to another consumer), whether or not they were counted in
   * `count`. So deliveries = `count` + the redeliveries recognised as repeats.
   */
  readonly redelivered: number;
  /** Messages in the visible window now (at most `capacity`). */
  readonly shown: number;
  /**
   * Messages received while paused, shown after `resume()`. Of these, at most `capacity` are
   * held: resuming puts them into a window of `capacity`, where older ones would be evicted at
   * once anyway, so the window after resuming is exactly what it would have been unpaused.
   */
  readonly pausedWaiting: number;
  readonly paused: boolean;
  /** Messages received in the last complete second (paused or not). */
  readonly ratePerSecond: number;
  /** Messages per second for the last 60 complete seconds, oldest first; always 60 entries. */
  readonly sparkline: readonly number[];
  readonly capacity: number;
}

/**
 * Read access to a list of messages, oldest first. It is live: read it in the render for the
 * snapshot version you got, and do not hold on to indexes across versions.
 */
export interface MessageWindow extends Iterable<PaneMessage> {
  readonly size: number;
  /** The message at `index`, oldest first; `undefined` outside `0 .. size - 1`. */
  get(index: number): PaneMessage | undefined;
  /** A copy, oldest first (for export). */
  toArray(): PaneMessage[];
}

/** Seconds of history in {@link PaneSnapshot.sparkline}. */
export const SPARKLINE_SECONDS = 60;
const BUCKETS = SPARKLINE_SECONDS + 1; // the 60 complete seconds, plus the current one
const TICK_MS = 250;

/**
 * One pane's messages, kept outside React so that receiving costs O(1) and renders happen at
 * most 30 times a second, on animation frames, however fast messages arrive.
 *
 * - `receive()` (the hot path) appends to a pending batch (itself a ring of `capacity`, so a
 *   background tab where frames stop cannot grow it without bound), bumps counters and a
 *   one-second rate bucket, and schedules one flush per frame. It allocates nothing.
 * - A flush moves the batch into the visible window (unless paused), builds a new
 *   {@link PaneSnapshot} and calls the listeners once.
 * - `subscribe` + `getSnapshot` plug straight into `useSyncExternalStore`; `messages()` and
 *   `filteredView()` give the rows for the current snapshot.
 *
 * Clear empties the visible window and resets the count. While paused, it keeps the messages
 * waiting (they have not been seen, so they are never dropped silently) and the count restarts
 * from the number waiting. The rate history is kept: it describes traffic, not the window.
 *
 * @example
 * ```ts
 * const store = new PaneStore({ capacity: 5000 });
 * client.subscribe(dest, (frame) => store.receive(fromStompFrame(frame, ++seq, Date.now())));
 * // in a hook:
 * const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
 * const rows = store.messages();
 * ```
 */
export class PaneStore {
  readonly #ring: RingBuffer<PaneMessage>;
  /** Received but not yet in the window: this frame's batch, or everything waiting while paused. */
  readonly #pending: RingBuffer<PaneMessage>;
  readonly #schedule: Schedule;
  readonly #interval: Interval;
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  readonly #window: MessageWindow;

  #count = 0;
  #redelivered = 0;
  #pausedWaiting = 0;
  #paused = false;
  #disposed = false;
  #version = 0;
  #cancelFlush: (() => void) | null = null;
  #stopTicking: (() => void) | null = null;

  /** Per-second counts, a ring: slot `#bucket` is the current second, the other 60 complete. */
  readonly #buckets = new Float64Array(BUCKETS);
  #bucket = 0;
  /** The current second's count, kept out of the typed array on the hot path. */
  #thisSecond = 0;
  #bucketEndsAt: number;

  #snapshot: PaneSnapshot;
  readonly #serverSnapshot: PaneSnapshot;

  constructor(options: PaneStoreOptions = {}) {
    const capacity = options.capacity ?? 5000;
    this.#ring = new RingBuffer(capacity);
    this.#pending = new RingBuffer(capacity);
    this.#schedule = options.schedule ?? defaultSchedule();
    this.#interval = options.interval ?? defaultInterval;
    this.#now = options.now ?? defaultNow;
    this.#bucketEndsAt = secondEnd(this.#now());
    this.#window = ringWindow(this.#ring);
    this.#snapshot = this.#buildSnapshot();
    this.#serverSnapshot = this.#snapshot;
  }

  /**
   * Takes one message. O(1) and allocation-free: the message waits in the pending batch until
   * the next flush (or until `resume()` while paused). Ignored after `dispose()`.
   * `counted: false` shows a message without counting it again: a redelivery of one already counted.
   */
  receive(message: PaneMessage, counted = true): void {
    if (this.#disposed) return;
    const t = this.#now();
    if (t >= this.#bucketEndsAt || t < this.#bucketEndsAt - 1000) this.#roll(t);
    if (counted) {
      this.#thisSecond++;
      this.#count++;
    }
    if (message.redelivered) this.#redelivered++;
    if (this.#paused) this.#pausedWaiting++;
    this.#pending.push(message);
    if (this.#cancelFlush === null) this.#cancelFlush = this.#schedule(this.#flush);
  }

  /**
   * Registers a listener called after each published change; returns a function that removes
   * it (calling that twice is harmless). For `useSyncExternalStore`, so it is pre-bound.
   */
  subscribe = (listener: () => void): (() => void) => {
    if (this.#disposed) return noop;
    this.#listeners.add(listener);
    if (this.#stopTicking === null) this.#stopTicking = this.#interval(this.#tick, TICK_MS);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#stopTicking !== null) {
        this.#stopTicking();
        this.#stopTicking = null;
      }
    };
  };

  /** The current snapshot: the same object until the next published change. Pre-bound. */
  getSnapshot = (): PaneSnapshot => this.#snapshot;

  /** The snapshot the store started with, for `useSyncExternalStore`'s server render. Pre-bound. */
  getServerSnapshot = (): PaneSnapshot => this.#serverSnapshot;

  /** The visible window, oldest first. The same object every call; it changes only on publish. */
  messages(): MessageWindow {
    return this.#window;
  }

  /**
   * The visible messages that match `query` (see {@link compileFilter}), oldest first, as a
   * {@link FilteredView}: the messages already held are tested in slices once its `start()` is
   * called, and new ones as they arrive, so re-reading it every frame costs in proportion to what
   * arrived, not to `capacity`; evicted messages drop out. Make a new view when the query
   * changes (and stop the old one's run). An empty query gives `messages()` itself.
   */
  filteredView(query: string, scheduler?: SliceScheduler): FilteredView | MessageWindow {
    if (query.trim() === '') return this.#window;
    return new FilteredView(this.#ring, compileFilter(query), scheduler);
  }

  /**
   * Visits the messages that entered the window after `position` (0, or what the last call
   * returned), oldest first, and returns the position to pass next time; ones evicted in between
   * are skipped. Lets a follower (the field chart) take each publish's arrivals as one batch.
   */
  readArrivals(position: number, visit: (message: PaneMessage) => void): number {
    const ring = this.#ring;
    const total = ring.totalPushed;
    const oldest = total - ring.size;
    for (let at = Math.max(position, oldest); at < total; at++) {
      visit(ring.get(at - oldest) as PaneMessage);
    }
    return total;
  }

  /**
   * Stops showing new messages. They keep arriving and counting (`count`, `pausedWaiting`, the
   * rate); what arrived before the call is published first.
   */
  pause(): void {
    if (this.#paused || this.#disposed) return;
    this.#moveToWindow();
    this.#paused = true;
    this.#pausedWaiting = 0;
    this.#publish();
  }

  /** Shows what arrived while paused, in arrival order, and carries on live. */
  resume(): void {
    if (!this.#paused || this.#disposed) return;
    this.#paused = false;
    this.#pausedWaiting = 0;
    this.#publish();
  }

  /**
   * Empties the visible window and resets the count. Messages that arrived in the current frame
   * and were not published yet go too. While paused, the waiting messages are kept, and the
   * count restarts from `pausedWaiting`.
   */
  clear(): void {
    if (this.#disposed) return;
    this.#ring.clear();
    this.#redelivered = 0;
    if (this.#paused) {
      this.#count = this.#pausedWaiting;
    } else {
      this.#pending.clear();
      this.#count = 0;
    }
    this.#publish();
  }

  /**
   * Changes how many messages are shown (and held while paused); shrinking keeps the newest.
   * @throws RangeError unless `capacity` is a whole number of at least 1.
   */
  setCapacity(capacity: number): void {
    if (this.#disposed || capacity === this.#ring.capacity) return;
    this.#ring.resize(capacity);
    this.#pending.resize(capacity);
    this.#publish();
  }

  /** Stops timers, drops listeners and messages; `receive` is ignored afterwards. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#cancelFlush?.();
    this.#cancelFlush = null;
    this.#stopTicking?.();
    this.#stopTicking = null;
    this.#listeners.clear();
    this.#ring.clear();
    this.#pending.clear();
  }

  readonly #flush = (): void => {
    this.#cancelFlush = null;
    if (!this.#disposed) this.#publish();
  };

  readonly #tick = (): void => {
    if (this.#disposed || this.#cancelFlush !== null) return;
    if (!this.#advanceClock()) return;
    const before = this.#snapshot.sparkline;
    const after = this.#sparkline();
    if (after.some((n, i) => n !== before[i])) this.#publish();
  };

  /** Publishes now: moves the batch into the window (unless paused), new snapshot, listeners. */
  #publish(): void {
    this.#cancelFlush?.();
    this.#cancelFlush = null;
    if (!this.#paused) this.#moveToWindow();
    this.#advanceClock();
    this.#version++;
    this.#snapshot = this.#buildSnapshot();
    for (const listener of [...this.#listeners]) listener();
  }

  #moveToWindow(): void {
    const pending = this.#pending;
    if (pending.size === 0) return;
    for (let i = 0; i < pending.size; i++) this.#ring.push(pending.get(i) as PaneMessage);
    pending.clear();
  }

  /** Moves the rate buckets to the current time; returns whether the current second changed. */
  #advanceClock(): boolean {
    const t = this.#now();
    if (t < this.#bucketEndsAt && t >= this.#bucketEndsAt - 1000) return false;
    this.#roll(t);
    return true;
  }

  /**
   * Advances the current bucket to the second containing `t`, zeroing the seconds skipped. If
   * the clock went back, the current bucket just carries on from `t`'s second.
   */
  #roll(t: number): void {
    if (t < this.#bucketEndsAt - 1000) {
      this.#bucketEndsAt = secondEnd(t);
      return;
    }
    const steps = Math.floor((t - this.#bucketEndsAt) / 1000) + 1;
    this.#buckets[this.#bucket] = this.#thisSecond;
    this.#thisSecond = 0;
    if (steps >= BUCKETS) this.#buckets.fill(0);
    else {
      for (let k = 0; k < steps; k++) {
        this.#bucket = this.#bucket + 1 === BUCKETS ? 0 : this.#bucket + 1;
        this.#buckets[this.#bucket] = 0;
      }
    }
    this.#bucketEndsAt += steps * 1000;
  }

  #sparkline(): number[] {
    const out = new Array<number>(SPARKLINE_SECONDS);
    for (let i = 0; i < SPARKLINE_SECONDS; i++) {
      out[i] = this.#buckets[(this.#bucket + 1 + i) % BUCKETS] as number;
    }
    return out;
  }

  #buildSnapshot(): PaneSnapshot {
    // The sparkline holds complete seconds only, so it changes about once a second: keeping the
    // same array until then lets the chart skip its re-render on every other frame.
    const fresh = this.#sparkline();
    const previous = this.#snapshot?.sparkline;
    const sparkline =
      previous && fresh.every((n, i) => n === previous[i]) ? previous : Object.freeze(fresh);
    return Object.freeze({
      version: this.#version,
      count: this.#count,
      redelivered: this.#redelivered,
      shown: this.#ring.size,
      pausedWaiting: this.#pausedWaiting,
      paused: this.#paused,
      ratePerSecond: sparkline[SPARKLINE_SECONDS - 1] ?? 0,
      sparkline,
      capacity: this.#ring.capacity,
    });
  }
}

/** A predicate made by {@link compileFilter} (with `prepare` for batches when it reads bodies). */
export type MessageFilter = MessagePredicate;

/**
 * Turns a filter box's text into a predicate. An expression (`body.order.total > 100`; see
 * `filter-expression.ts`) is compiled as one; other text is a case-insensitive substring search over the
 * header names and values (so the destination, subscription, message-id, content-type... too),
 * `name:value` pairs (e.g. `content-type:application/json`), and the body text. Bodies that are
 * not valid UTF-8 are not searched. Leading and trailing spaces are ignored; an empty query
 * matches everything. The query is lowercased once here, not per message.
 */
export function compileFilter(query: string): MessageFilter {
  const needle = query.trim().toLowerCase();
  if (needle === '') return () => true;
  // `body.total > 100`, `redelivered`…: an expression (see filter-expression.ts). One with an
  // error matches nothing here; the pane keeps showing its last valid filter meanwhile.
  const expression = parseFilterExpression(query);
  if (expression.kind === 'expression') return expression.matches;
  if (expression.kind === 'error') return () => false;
  return compileTextFilter(needle);
}

/** Whether `message` matches `query`; see {@link compileFilter}. Prefer that for many messages. */
export function matchesFilter(message: PaneMessage, query: string): boolean {
  return compileFilter(query)(message);
}

function ringWindow(ring: RingBuffer<PaneMessage>): MessageWindow {
  return {
    get size() {
      return ring.size;
    },
    get: (index) => ring.get(index),
    toArray: () => ring.toArray(),
    [Symbol.iterator]: () => ring[Symbol.iterator](),
  };
}

const defaultNow = (): number => performance.now();

function secondEnd(t: number): number {
  return (Math.floor(t / 1000) + 1) * 1000;
}

/**
 * Panes publish at most this often: 30 times a second. Under a flood every visible row shows a
 * new message at each publish, so a 60 Hz display would have the page lay out and paint rows
 * twice as often as anyone can read them, time the next messages then wait for. Counts and
 * rows lag at most one such interval while at most four panes are busy (plus a frame, when
 * their turns collide); more busy panes share the frames (below), so each waits longer.
 */
const MIN_PUBLISH_INTERVAL_MS = 1000 / 30;
/**
 * And one frame publishes at most this many panes (each publish rewrites the pane's visible
 * rows): 4 flooded panes keep their 30 Hz on a 60 Hz display, 8 get 15 Hz each.
 */
const MAX_PUBLISHES_PER_FRAME = 2;

let pacer: FramePacer | null = null;

/**
 * The schedule of a store made without one: its turn among the panes on animation frames (see
 * {@link FramePacer}), or `setTimeout(16)` where there are no frames (Node).
 */
function defaultSchedule(): Schedule {
  if (typeof requestAnimationFrame !== 'function') {
    return (callback) => {
      const id = setTimeout(callback, 16);
      return () => clearTimeout(id);
    };
  }
  // Looked up on every call, not captured: tests stand in for requestAnimationFrame.
  pacer ??= new FramePacer(
    (callback) => requestAnimationFrame(callback),
    MAX_PUBLISHES_PER_FRAME,
    MIN_PUBLISH_INTERVAL_MS,
  );
  const shared = pacer;
  const slot = shared.join();
  return (callback) => shared.schedule(slot, callback);
}

const defaultInterval: Interval = (callback, ms) => {
  const id = setInterval(callback, ms);
  return () => clearInterval(id);
};

function noop(): void {}
