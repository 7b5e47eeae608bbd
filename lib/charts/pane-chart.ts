import type { PaneMessage } from '@/lib/messages/message';
import { compileFieldPath, type FieldReader } from '@/lib/messages/filter-expression';
import { Emitter } from '@/lib/util/emitter';
import { err, ok, type Result } from '@/lib/util/result';

/** How many fields one pane charts at once. */
export const MAX_CHART_SERIES = 4;
/** How many points a chart keeps (the newest); older ones scroll off. */
export const MAX_CHART_POINTS = 10_000;

/**
 * Where a chart reads arrivals from: a pane's store (see `PaneStore.readArrivals`). Listeners
 * are called once per published batch, never per message.
 */
export interface ArrivalSource {
  /** Visits what arrived after `position`, oldest first; returns the next position. */
  readArrivals(position: number, visit: (message: PaneMessage) => void): number;
  subscribe(listener: () => void): () => void;
}

/** One series in words: what the chart's accessible summary says. */
export interface SeriesSummary {
  readonly path: string;
  /** Points kept with a value for this field. */
  readonly points: number;
  readonly last: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** What a chart shows now; a new object after each batch, so a valid external-store snapshot. */
export interface ChartSnapshot {
  readonly version: number;
  readonly series: readonly SeriesSummary[];
}

/** The kept points, oldest first, as uPlot takes them: times in seconds, one column a series. */
export interface ChartColumns {
  times: number[];
  values: (number | null)[][];
}

/**
 * A pane's live field chart: up to {@link MAX_CHART_SERIES} numeric fields (`body.i`,
 * `headers.priority`...) over receive time, in one table of at most {@link MAX_CHART_POINTS}
 * rows (a row per message with at least one of the fields as a number; the others blank), so
 * every series shares the time axis. Values are read from each published batch of the pane's
 * store, never per message in React; adding or removing a field re-reads the newest messages the
 * pane still holds, so a new series starts with the history in view.
 *
 * @example
 * const chart = new PaneChart(store);
 * chart.add('body.i'); // { ok: true }
 * chart.getSnapshot().series[0]; // { path: 'body.i', points: 100, last: 100, min: 1, max: 100 }
 */
export class PaneChart {
  readonly #source: ArrivalSource;
  readonly #capacity: number;
  readonly #changes = new Emitter<void>();
  #paths: string[] = [];
  #readers: FieldReader[] = [];
  #times: Float64Array;
  #columns: Float64Array[] = [];
  /** Index of the oldest row, and how many rows are kept. */
  #start = 0;
  #size = 0;
  #position = 0;
  readonly #scratch = new Float64Array(MAX_CHART_SERIES);
  #stopFollowing: (() => void) | null = null;
  #version = 0;
  #snapshot: ChartSnapshot = Object.freeze({ version: 0, series: Object.freeze([]) });

  constructor(source: ArrivalSource, capacity = MAX_CHART_POINTS) {
    this.#source = source;
    this.#capacity = capacity;
    this.#times = new Float64Array(capacity);
  }

  /** The charted paths, in the order they were added. */
  get paths(): readonly string[] {
    return this.#paths;
  }

  /** Adds a series for `path`; refuses a fifth, a repeat or text that is not a field path. */
  add(path: string): Result<void> {
    const trimmed = path.trim();
    if (this.#paths.includes(trimmed)) return err(`${trimmed} is already charted in this pane.`);
    if (this.#paths.length >= MAX_CHART_SERIES)
      return err(
        `A pane charts at most ${MAX_CHART_SERIES} fields; remove one before charting ${trimmed}.`,
      );
    const reader = compileFieldPath(trimmed);
    if (!reader.ok) return err(`Cannot chart ${reader.error}.`);
    this.#paths = [...this.#paths, trimmed];
    this.#readers = [...this.#readers, reader.value];
    this.#rebuild();
    return ok(undefined);
  }

  /** Removes the series for `path`; returns whether there was one. */
  remove(path: string): boolean {
    const index = this.#paths.indexOf(path);
    if (index < 0) return false;
    this.#paths = this.#paths.filter((_, i) => i !== index);
    this.#readers = this.#readers.filter((_, i) => i !== index);
    this.#rebuild();
    return true;
  }

  /** Stops following the store. */
  dispose(): void {
    this.#stopFollowing?.();
    this.#stopFollowing = null;
    this.#changes.clear();
  }

  /** Called after each change (one batch, an added or removed series). Pre-bound. */
  subscribe = (listener: () => void): (() => void) => this.#changes.on(listener);

  /** The current summary: the same object until the next change. Pre-bound. */
  getSnapshot = (): ChartSnapshot => this.#snapshot;

  /** The kept points, oldest first (a copy, for drawing). */
  columns(): ChartColumns {
    const times = new Array<number>(this.#size);
    const values = this.#columns.map(() => new Array<number | null>(this.#size));
    for (let i = 0; i < this.#size; i++) {
      const row = (this.#start + i) % this.#capacity;
      times[i] = (this.#times[row] as number) / 1000;
      for (let s = 0; s < this.#columns.length; s++) {
        const value = this.#columns[s]![row] as number;
        values[s]![i] = Number.isNaN(value) ? null : value;
      }
    }
    return { times, values };
  }

  /** Starts over from the newest messages the store holds, for the current paths. */
  #rebuild(): void {
    this.#start = 0;
    this.#size = 0;
    this.#columns = this.#paths.map(() => new Float64Array(this.#capacity));
    const now = this.#source.readArrivals(Number.POSITIVE_INFINITY, noop);
    this.#position = Math.max(0, now - this.#capacity);
    if (this.#paths.length > 0 && this.#stopFollowing === null)
      this.#stopFollowing = this.#source.subscribe(this.#follow);
    if (this.#paths.length === 0) {
      this.#stopFollowing?.();
      this.#stopFollowing = null;
    }
    this.#follow();
  }

  readonly #follow = (): void => {
    const before = this.#position;
    this.#position = this.#source.readArrivals(this.#position, this.#ingest);
    if (
      this.#position !== before ||
      this.#version === 0 ||
      this.#snapshot.series.length !== this.#paths.length
    )
      this.#publish();
  };

  readonly #ingest = (message: PaneMessage): void => {
    const readers = this.#readers;
    const scratch = this.#scratch;
    let any = false;
    for (let s = 0; s < readers.length; s++) {
      const value = readers[s]!(message);
      scratch[s] = typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
      if (!Number.isNaN(scratch[s])) any = true;
    }
    if (!any) return;
    // When full, the new row takes the oldest one's slot.
    const row = (this.#start + this.#size) % this.#capacity;
    this.#times[row] = message.receivedAt;
    for (let s = 0; s < readers.length; s++) this.#columns[s]![row] = scratch[s] as number;
    if (this.#size < this.#capacity) this.#size++;
    else this.#start = (this.#start + 1) % this.#capacity;
  };

  #publish(): void {
    this.#version++;
    this.#snapshot = Object.freeze({
      version: this.#version,
      series: Object.freeze(this.#paths.map((path, s) => this.#summarise(path, s))),
    });
    this.#changes.emit();
  }

  #summarise(path: string, s: number): SeriesSummary {
    const column = this.#columns[s]!;
    let points = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let last: number | null = null;
    for (let i = 0; i < this.#size; i++) {
      const value = column[(this.#start + i) % this.#capacity] as number;
      if (Number.isNaN(value)) continue;
      points++;
      last = value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return points === 0
      ? { path, points, last: null, min: null, max: null }
      : { path, points, last, min, max };
  }
}

function noop(): void {}
