/**
 * A fixed-capacity FIFO that keeps the newest items: when full, each push evicts the oldest.
 *
 * Push is O(1) amortised with no array shifting or per-push allocation, which is what a pane
 * needs at 10,000 messages/s. The slots grow as items arrive, doubling up to the capacity, rather
 * than being allocated whole up front: a workspace of many panes with a large capacity each costs
 * memory only for what they actually receive (2,000 × 200,000 slots up front crashed the tab).
 * Indexes are oldest-first: `get(0)` is the oldest item kept, `get(size - 1)` the newest.
 *
 * Invariant other code may rely on: the item at index `i` is the
 * `(totalPushed - size + i)`-th item ever pushed (counting from 0). `clear` and `resize` keep
 * this true because neither resets {@link RingBuffer.totalPushed}.
 *
 * @example
 * ```ts
 * const ring = new RingBuffer<number>(3);
 * ring.pushMany([1, 2, 3, 4]);
 * ring.toArray(); // [2, 3, 4]
 * ring.totalPushed; // 4
 * ```
 */
export class RingBuffer<T> {
  /** Allocated slots: at most `capacity`, doubled when full until they reach it. */
  #slots: (T | undefined)[];
  #capacity: number;
  /** Slot of the oldest item. */
  #head = 0;
  #size = 0;
  #totalPushed = 0;

  /** @param capacity - how many items to keep; a whole number of at least 1. */
  constructor(capacity: number) {
    assertCapacity(capacity);
    this.#capacity = capacity;
    this.#slots = emptySlots(Math.min(capacity, INITIAL_SLOTS));
  }

  /** How many items it can hold. */
  get capacity(): number {
    return this.#capacity;
  }

  /** How many items it holds now (at most {@link RingBuffer.capacity}). */
  get size(): number {
    return this.#size;
  }

  /** Everything ever pushed, including items since evicted; `clear` and `resize` keep it. */
  get totalPushed(): number {
    return this.#totalPushed;
  }

  /**
   * Appends `item` as the newest. When full, the oldest item is evicted and returned.
   * @returns the evicted item, or `undefined` when nothing was evicted.
   */
  push(item: T): T | undefined {
    this.#totalPushed++;
    if (this.#size < this.#capacity) {
      if (this.#size === this.#slots.length) this.#grow();
      const allocated = this.#slots.length;
      let slot = this.#head + this.#size;
      if (slot >= allocated) slot -= allocated;
      this.#slots[slot] = item;
      this.#size++;
      return undefined;
    }
    // Full: the slots have reached the capacity, so the oldest item makes room.
    const head = this.#head;
    const evicted = this.#slots[head];
    this.#slots[head] = item;
    this.#head = head + 1 === this.#capacity ? 0 : head + 1;
    return evicted;
  }

  /** Pushes each item in order, as if by {@link RingBuffer.push}. */
  pushMany(items: Iterable<T>): void {
    for (const item of items) this.push(item);
  }

  /** The item at `index`, oldest first; `undefined` outside `0 .. size - 1`. */
  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) return undefined;
    let slot = this.#head + index;
    if (slot >= this.#slots.length) slot -= this.#slots.length;
    return this.#slots[slot];
  }

  /** The newest item, or `undefined` when empty. */
  newest(): T | undefined {
    return this.get(this.#size - 1);
  }

  /** A new array of the items, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.get(i) as T;
    return out;
  }

  /** Iterates oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.#size; i++) yield this.get(i) as T;
  }

  /**
   * Removes every item (releasing them for garbage collection); keeps `totalPushed` and the
   * allocated slots, so a buffer cleared every frame does not grow again every frame.
   * O(size), not O(capacity), so clearing a mostly empty buffer every frame is cheap.
   */
  clear(): void {
    const allocated = this.#slots.length;
    for (let i = 0, slot = this.#head; i < this.#size; i++) {
      this.#slots[slot] = undefined;
      slot = slot + 1 === allocated ? 0 : slot + 1;
    }
    this.#head = 0;
    this.#size = 0;
  }

  /**
   * Changes the capacity. When shrinking below `size`, the newest `capacity` items are kept.
   * O(size); allocates slots for the items kept (not for the whole capacity).
   */
  resize(capacity: number): void {
    assertCapacity(capacity);
    if (capacity === this.#capacity) return;
    const keep = Math.min(this.#size, capacity);
    this.#relocate(Math.min(capacity, Math.max(keep, INITIAL_SLOTS)), this.#size - keep, keep);
    this.#capacity = capacity;
  }

  /** How many slots are allocated now: between `size` and `capacity` (exposed for tests). */
  get allocated(): number {
    return this.#slots.length;
  }

  /** Doubles the slots, up to the capacity; called only when they are all in use. */
  #grow(): void {
    this.#relocate(Math.min(this.#capacity, this.#slots.length * 2), 0, this.#size);
  }

  /** Moves `count` items, from index `skip` on, to the start of `length` fresh slots. */
  #relocate(length: number, skip: number, count: number): void {
    const slots = emptySlots<T>(length);
    for (let i = 0; i < count; i++) slots[i] = this.get(skip + i);
    this.#slots = slots;
    this.#head = 0;
    this.#size = count;
  }
}

/** Slots allocated at first; small, so an idle pane costs almost nothing. */
const INITIAL_SLOTS = 16;

// Filled rather than holey, so V8 keeps the array in its fast packed representation.
function emptySlots<T>(length: number): (T | undefined)[] {
  return new Array<T | undefined>(length).fill(undefined);
}

function assertCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(
      `Ring buffer capacity must be a whole number of at least 1, got ${capacity}`,
    );
  }
}
