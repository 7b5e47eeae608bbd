/**
 * A fixed-capacity FIFO that keeps the newest items: when full, each push evicts the oldest.
 *
 * Push is O(1) with no array shifting or per-push allocation (the slots are allocated once, by
 * the constructor or {@link RingBuffer.resize}), which is what a pane needs at 10,000 messages/s.
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
    this.#slots = new Array<T | undefined>(capacity).fill(undefined);
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
    const capacity = this.#capacity;
    if (this.#size < capacity) {
      let slot = this.#head + this.#size;
      if (slot >= capacity) slot -= capacity;
      this.#slots[slot] = item;
      this.#size++;
      return undefined;
    }
    const head = this.#head;
    const evicted = this.#slots[head];
    this.#slots[head] = item;
    this.#head = head + 1 === capacity ? 0 : head + 1;
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
    if (slot >= this.#capacity) slot -= this.#capacity;
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
   * Removes every item (releasing them for garbage collection); keeps `totalPushed`.
   * O(size), not O(capacity), so clearing a mostly empty buffer every frame is cheap.
   */
  clear(): void {
    for (let i = 0, slot = this.#head; i < this.#size; i++) {
      this.#slots[slot] = undefined;
      slot = slot + 1 === this.#capacity ? 0 : slot + 1;
    }
    this.#head = 0;
    this.#size = 0;
  }

  /**
   * Changes the capacity. When shrinking below `size`, the newest `capacity` items are kept.
   * O(size); allocates the new slots.
   */
  resize(capacity: number): void {
    assertCapacity(capacity);
    if (capacity === this.#capacity) return;
    const keep = Math.min(this.#size, capacity);
    const slots = new Array<T | undefined>(capacity).fill(undefined);
    const skip = this.#size - keep;
    for (let i = 0; i < keep; i++) slots[i] = this.get(skip + i);
    this.#slots = slots;
    this.#capacity = capacity;
    this.#head = 0;
    this.#size = keep;
  }
}

function assertCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(
      `Ring buffer capacity must be a whole number of at least 1, got ${capacity}`,
    );
  }
}
