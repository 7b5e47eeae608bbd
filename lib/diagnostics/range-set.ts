/** A closed interval of whole numbers, `[first, last]`. */
export type Range = readonly [first: number, last: number];

/**
 * A set of whole numbers kept as sorted, disjoint, non-adjacent ranges: the sequence numbers a
 * subscription received, in a few bytes when they arrive in order (one range) however many.
 * Adding at the end is O(1); adding elsewhere is a binary search and a splice.
 *
 * @example
 * const set = new RangeSet();
 * set.add(1); set.add(2); set.add(5);
 * set.ranges(); // [[1, 2], [5, 5]]
 */
export class RangeSet {
  private readonly firsts: number[] = [];
  private readonly lasts: number[] = [];
  private count = 0;

  constructor(ranges: readonly Range[] = []) {
    for (const [first, last] of ranges) this.addRange(first, last);
  }

  /** How many numbers the set holds. */
  get size(): number {
    return this.count;
  }

  /** Adds one number; true when it was not there yet. */
  add(n: number): boolean {
    return this.addRange(n, n) === 1;
  }

  /** Adds every number from `first` to `last`; returns how many of them were new. */
  addRange(first: number, last: number): number {
    if (last < first) return 0;
    const end = this.lasts.length - 1;
    // The common case: in order, at or just past the end.
    if (end < 0 || first > this.lasts[end]! + 1) {
      this.firsts.push(first);
      this.lasts.push(last);
      this.count += last - first + 1;
      return last - first + 1;
    }
    // The ranges that touch or overlap [first - 1, last + 1] merge into one.
    const lo = this.indexAfter(first - 1); // first range whose last >= first - 1
    let hi = lo;
    let covered = 0;
    let mergedFirst = first;
    let mergedLast = last;
    while (hi < this.firsts.length && this.firsts[hi]! <= last + 1) {
      const a = this.firsts[hi]!;
      const b = this.lasts[hi]!;
      covered += Math.max(0, Math.min(b, last) - Math.max(a, first) + 1);
      mergedFirst = Math.min(mergedFirst, a);
      mergedLast = Math.max(mergedLast, b);
      hi++;
    }
    const added = last - first + 1 - covered;
    this.count += added;
    this.firsts.splice(lo, hi - lo, mergedFirst);
    this.lasts.splice(lo, hi - lo, mergedLast);
    return added;
  }

  has(n: number): boolean {
    const i = this.indexAfter(n);
    return i < this.firsts.length && this.firsts[i]! <= n;
  }

  /** The smallest number held, or undefined when empty. */
  get min(): number | undefined {
    return this.firsts[0];
  }

  /** The largest number held, or undefined when empty. */
  get max(): number | undefined {
    return this.lasts[this.lasts.length - 1];
  }

  ranges(): Range[] {
    return this.firsts.map((first, i) => [first, this.lasts[i]!] as const);
  }

  /** How many numbers from `first` to `last` the set holds. */
  countWithin(first: number, last: number): number {
    let n = 0;
    for (let i = this.indexAfter(first); i < this.firsts.length; i++) {
      const a = this.firsts[i]!;
      if (a > last) break;
      n += Math.min(this.lasts[i]!, last) - Math.max(a, first) + 1;
    }
    return n;
  }

  /** Index of the first range whose last is >= n (binary search). */
  private indexAfter(n: number): number {
    let lo = 0;
    let hi = this.lasts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lasts[mid]! < n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
