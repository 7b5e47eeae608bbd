import type { PaneMessage } from './message';
import type { RingBuffer } from './ring-buffer';

/**
 * A filter's test of one message. `prepare`, when there is one, is called with each batch of
 * messages (up to 256) before they are tested one by one: a filter that reads bodies decodes the
 * batch's bodies together there (`prefetchBodyTexts` in body-scan.ts).
 */
export interface MessagePredicate {
  (message: PaneMessage): boolean;
  prepare?: (batch: readonly PaneMessage[]) => void;
}

/** What a {@link FilteredView} needs to test messages a slice at a time. */
export interface SliceScheduler {
  /** A clock in milliseconds (`performance.now`). */
  now(): number;
  /** Runs `callback` in a later task, after the page could paint and handle input; returns a cancel. */
  later(callback: () => void): () => void;
}

/** How far a view has got through the messages that were there when it was made. */
export interface FilterProgress {
  /** Of `total`, how many have been tested (or evicted before their turn). */
  readonly checked: number;
  readonly total: number;
  readonly done: boolean;
}

/** How long one slice tests messages before giving the page back: half a 60 Hz frame. */
export const SLICE_BUDGET_MS = 8;
/** Messages tested between two looks at the clock, and prepared together as one batch. */
const CLOCK_STRIDE = 256;
/** While a run lasts, progress is told at most this often (and once at the end). */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The messages of a ring that match a filter, oldest first, kept up to date as messages arrive
 * and are evicted. It relies on the ring's invariant that index `i` holds the
 * `(totalPushed - size + i)`-th message ever pushed.
 *
 * The messages already in the ring when the view is made (the backlog, up to 200,000) are tested
 * in slices of at most {@link SLICE_BUDGET_MS} once {@link start} is called, so a new query never
 * blocks the page for more than a frame; `stop` cancels the run (a stale query), and `start`
 * carries on from where it stopped. Messages arriving meanwhile are tested when the view is
 * read, in proportion to what arrived. Until the run is done the view holds the matches found so
 * far, and {@link getProgress} says how far it got; `toArray` (an export) finishes it first.
 *
 * @example
 * const view = new FilteredView(ring, compileFilter('body.total > 100'));
 * const stop = view.start();
 * view.subscribe(() => render(view.size, view.getProgress()));
 */
export class FilteredView implements Iterable<PaneMessage> {
  readonly #ring: RingBuffer<PaneMessage>;
  readonly #matches: MessagePredicate;
  /** The batch being tested, reused (see {@link MessagePredicate.prepare}). */
  readonly #batch: PaneMessage[] = [];
  readonly #scheduler: SliceScheduler;
  readonly #budgetMs: number;
  readonly #listeners = new Set<() => void>();
  /** Matches among the backlog, and among what arrived after the view was made. */
  readonly #backlog = new Matches();
  readonly #live = new Matches();
  readonly #backlogStart: number;
  readonly #backlogEnd: number;
  /** The next backlog position to test. */
  #cursor: number;
  /** The next live position to test. */
  #seen: number;
  #cancel: (() => void) | null = null;
  #toldAt = Number.NEGATIVE_INFINITY;
  #progress: FilterProgress;

  constructor(
    ring: RingBuffer<PaneMessage>,
    matches: MessagePredicate,
    scheduler: SliceScheduler = defaultSliceScheduler(),
    budgetMs = SLICE_BUDGET_MS,
  ) {
    this.#ring = ring;
    this.#matches = matches;
    this.#scheduler = scheduler;
    this.#budgetMs = budgetMs;
    this.#backlogEnd = ring.totalPushed;
    this.#backlogStart = ring.totalPushed - ring.size;
    this.#cursor = this.#backlogStart;
    this.#seen = this.#backlogEnd;
    this.#progress = this.#measure();
  }

  /** Starts (or resumes) testing the backlog in slices; returns a function that stops it. */
  start(): () => void {
    if (this.#cancel === null && !this.#progress.done)
      this.#cancel = this.#scheduler.later(this.#slice);
    return () => {
      this.#cancel?.();
      this.#cancel = null;
    };
  }

  /** Called as the backlog run progresses (at most every 100 ms, and when it is done). */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The same object until the run moves on; a valid external-store snapshot. */
  getProgress = (): FilterProgress => this.#progress;

  get size(): number {
    this.#sync();
    return this.#backlog.size + this.#live.size;
  }

  /** The match at `index`, oldest first; `undefined` outside `0 .. size - 1`. */
  get(index: number): PaneMessage | undefined {
    this.#sync();
    if (!Number.isInteger(index) || index < 0) return undefined;
    const before = this.#backlog.size;
    return index < before ? this.#backlog.at(index) : this.#live.at(index - before);
  }

  /** Every match, oldest first; finishes the backlog run first, so nothing is left out. */
  toArray(): PaneMessage[] {
    this.#cancel?.();
    this.#cancel = null;
    this.#testBacklog(Number.POSITIVE_INFINITY);
    this.#sync();
    return [...this.#backlog.toArray(), ...this.#live.toArray()];
  }

  *[Symbol.iterator](): IterableIterator<PaneMessage> {
    yield* this.toArray();
  }

  readonly #slice = (): void => {
    this.#cancel = null;
    this.#testBacklog(this.#scheduler.now() + this.#budgetMs);
    const done = this.#progress.done;
    if (!done) this.#cancel = this.#scheduler.later(this.#slice);
    const now = this.#scheduler.now();
    if (done || now - this.#toldAt >= PROGRESS_INTERVAL_MS) {
      this.#toldAt = now;
      for (const listener of [...this.#listeners]) listener();
    }
  };

  /** Tests backlog messages until `deadline` (by the scheduler's clock) or the end. */
  #testBacklog(deadline: number): void {
    const ring = this.#ring;
    const oldest = ring.totalPushed - ring.size;
    const end = this.#backlogEnd;
    let cursor = Math.max(this.#cursor, oldest);
    while (cursor < end) {
      const stop = Math.min(end, cursor + CLOCK_STRIDE);
      this.#test(cursor, stop, oldest, this.#backlog);
      cursor = stop;
      if (this.#scheduler.now() >= deadline) break;
    }
    this.#cursor = cursor;
    this.#progress = this.#measure();
  }

  /** Tests what arrived since the last read and drops what was evicted. */
  #sync(): void {
    const ring = this.#ring;
    const total = ring.totalPushed;
    const oldest = total - ring.size;
    for (let position = Math.max(this.#seen, oldest); position < total;) {
      const stop = Math.min(total, position + CLOCK_STRIDE);
      this.#test(position, stop, oldest, this.#live);
      position = stop;
    }
    this.#seen = total;
    this.#backlog.evictBefore(oldest);
    this.#live.evictBefore(oldest);
  }

  /** Tests the messages at ring positions `from` until `to` (one batch), keeping the matches. */
  #test(from: number, to: number, oldest: number, into: Matches): void {
    const ring = this.#ring;
    const matches = this.#matches;
    const batch = this.#batch;
    batch.length = 0;
    for (let position = from; position < to; position++)
      batch.push(ring.get(position - oldest) as PaneMessage);
    matches.prepare?.(batch);
    for (let k = 0; k < batch.length; k++) {
      const message = batch[k]!;
      if (matches(message)) into.push(message, from + k);
    }
  }

  #measure(): FilterProgress {
    const total = this.#backlogEnd - this.#backlogStart;
    const checked = Math.min(total, this.#cursor - this.#backlogStart);
    const previous = this.#progress;
    if (previous?.checked === checked) return previous;
    return Object.freeze({ checked, total, done: checked >= total });
  }
}

/** Matching messages with their ring positions, oldest first; evicted ones drop off the front. */
class Matches {
  #items: PaneMessage[] = [];
  #positions: number[] = [];
  #start = 0;

  get size(): number {
    return this.#items.length - this.#start;
  }

  at(index: number): PaneMessage | undefined {
    return this.#items[this.#start + index];
  }

  push(message: PaneMessage, position: number): void {
    this.#items.push(message);
    this.#positions.push(position);
  }

  toArray(): PaneMessage[] {
    return this.#items.slice(this.#start);
  }

  evictBefore(oldest: number): void {
    const positions = this.#positions;
    let start = this.#start;
    while (start < positions.length && (positions[start] as number) < oldest) start++;
    if (start > 1024 && start * 2 > positions.length) {
      this.#items = this.#items.slice(start);
      this.#positions = positions.slice(start);
      start = 0;
    }
    this.#start = start;
  }
}

/**
 * Slices run as separate tasks posted through a `MessageChannel`: unlike nested `setTimeout(0)`,
 * which browsers clamp to 4 ms, it adds no idle gap, and the page still paints and handles input
 * between two slices. Where there is no `MessageChannel`, `setTimeout(0)`.
 */
export function defaultSliceScheduler(): SliceScheduler {
  const now = () => performance.now();
  if (typeof MessageChannel !== 'function') {
    return {
      now,
      later: (callback) => {
        const id = setTimeout(callback, 0);
        return () => clearTimeout(id);
      },
    };
  }
  return {
    now,
    later: (callback) => {
      let cancelled = false;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        if (!cancelled) callback();
      };
      channel.port2.postMessage(null);
      return () => {
        cancelled = true;
        channel.port1.close();
      };
    },
  };
}
