import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('starts empty', () => {
    const ring = new RingBuffer<number>(4);
    expect(ring.size).toBe(0);
    expect(ring.capacity).toBe(4);
    expect(ring.totalPushed).toBe(0);
    expect(ring.toArray()).toEqual([]);
    expect(ring.get(0)).toBeUndefined();
    expect(ring.newest()).toBeUndefined();
  });

  it('keeps items oldest first until full', () => {
    const ring = new RingBuffer<string>(3);
    expect(ring.push('a')).toBeUndefined();
    ring.push('b');
    expect(ring.toArray()).toEqual(['a', 'b']);
    expect(ring.get(0)).toBe('a');
    expect(ring.get(1)).toBe('b');
    expect(ring.get(2)).toBeUndefined();
    expect(ring.newest()).toBe('b');
  });

  it('evicts the oldest first and returns it', () => {
    const ring = new RingBuffer<number>(3);
    ring.pushMany([1, 2, 3]);
    expect(ring.push(4)).toBe(1);
    expect(ring.push(5)).toBe(2);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
    expect(ring.totalPushed).toBe(5);
  });

  it('wraps around many times and stays in order', () => {
    const ring = new RingBuffer<number>(5);
    for (let i = 0; i < 103; i++) ring.push(i);
    expect(ring.toArray()).toEqual([98, 99, 100, 101, 102]);
    expect([...ring]).toEqual([98, 99, 100, 101, 102]);
    for (let i = 0; i < 5; i++) expect(ring.get(i)).toBe(98 + i);
    expect(ring.totalPushed).toBe(103);
  });

  it('rejects indexes outside the items', () => {
    const ring = new RingBuffer<number>(3);
    ring.pushMany([1, 2]);
    expect(ring.get(-1)).toBeUndefined();
    expect(ring.get(2)).toBeUndefined();
    expect(ring.get(0.5)).toBeUndefined();
    expect(ring.get(Number.NaN)).toBeUndefined();
  });

  it('works with capacity 1', () => {
    const ring = new RingBuffer<string>(1);
    expect(ring.push('a')).toBeUndefined();
    expect(ring.push('b')).toBe('a');
    expect(ring.push('c')).toBe('b');
    expect(ring.toArray()).toEqual(['c']);
    expect(ring.get(0)).toBe('c');
    expect(ring.totalPushed).toBe(3);
  });

  it('accepts any iterable in pushMany', () => {
    const ring = new RingBuffer<number>(4);
    const source = new RingBuffer<number>(2);
    source.pushMany(new Set([7, 8, 9]));
    ring.pushMany(source);
    expect(ring.toArray()).toEqual([8, 9]);
  });

  it('clears items but keeps counting totalPushed', () => {
    const ring = new RingBuffer<number>(3);
    ring.pushMany([1, 2, 3, 4]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.toArray()).toEqual([]);
    expect(ring.totalPushed).toBe(4);
    ring.push(5);
    expect(ring.toArray()).toEqual([5]);
    expect(ring.totalPushed).toBe(5);
  });

  it('resizes down keeping the newest, after wrapping', () => {
    const ring = new RingBuffer<number>(5);
    ring.pushMany([1, 2, 3, 4, 5, 6, 7]);
    ring.resize(2);
    expect(ring.capacity).toBe(2);
    expect(ring.toArray()).toEqual([6, 7]);
    expect(ring.totalPushed).toBe(7);
    expect(ring.push(8)).toBe(6);
    expect(ring.toArray()).toEqual([7, 8]);
  });

  it('resizes up keeping everything and making room', () => {
    const ring = new RingBuffer<number>(3);
    ring.pushMany([1, 2, 3, 4]);
    ring.resize(5);
    expect(ring.toArray()).toEqual([2, 3, 4]);
    ring.pushMany([5, 6]);
    expect(ring.toArray()).toEqual([2, 3, 4, 5, 6]);
    expect(ring.push(7)).toBe(2);
  });

  it('resizes to 1 and to the same capacity', () => {
    const ring = new RingBuffer<number>(3);
    ring.pushMany([1, 2, 3]);
    ring.resize(3);
    expect(ring.toArray()).toEqual([1, 2, 3]);
    ring.resize(1);
    expect(ring.toArray()).toEqual([3]);
  });

  it('keeps the absolute-position invariant across clear and resize', () => {
    const ring = new RingBuffer<number>(4);
    const check = () => {
      for (let i = 0; i < ring.size; i++)
        expect(ring.get(i)).toBe(ring.totalPushed - ring.size + i);
    };
    for (let i = 0; i < 10; i++) ring.push(i);
    check();
    ring.resize(2);
    check();
    ring.clear();
    for (let i = 10; i < 13; i++) ring.push(i);
    check();
  });

  it('rejects a capacity that is not a positive whole number', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(-1)).toThrow(/at least 1/);
    expect(() => new RingBuffer(2.5)).toThrow(RangeError);
    expect(() => new RingBuffer(3).resize(0)).toThrow(RangeError);
  });

  it('allocates slots as items arrive, doubling up to the capacity', () => {
    const ring = new RingBuffer<number>(200_000);
    expect(ring.allocated).toBe(16);
    const seen: number[] = [];
    for (let i = 0; i < 100; i++) {
      ring.push(i);
      if (seen.at(-1) !== ring.allocated) seen.push(ring.allocated);
    }
    expect(seen).toEqual([16, 32, 64, 128]);
    expect(ring.toArray()).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('never allocates more than the capacity, and evicts once it is reached', () => {
    const ring = new RingBuffer<number>(40);
    for (let i = 0; i < 40; i++) ring.push(i);
    expect(ring.allocated).toBe(40);
    expect(ring.push(40)).toBe(0);
    expect(ring.allocated).toBe(40);
    expect(ring.get(0)).toBe(1);
    expect(new RingBuffer<number>(3).allocated).toBe(3);
  });

  it('keeps clear cheap by keeping what it allocated', () => {
    const ring = new RingBuffer<number>(1000);
    ring.pushMany(Array.from({ length: 300 }, (_, i) => i));
    ring.clear();
    expect(ring.allocated).toBe(512);
    ring.pushMany([7, 8]);
    expect(ring.toArray()).toEqual([7, 8]);
  });

  it('resizes to what it holds, not to the new capacity, and grows again from there', () => {
    const ring = new RingBuffer<number>(10);
    ring.pushMany([1, 2, 3]);
    ring.resize(100_000);
    expect(ring.allocated).toBe(16);
    ring.pushMany(Array.from({ length: 30 }, (_, i) => 4 + i));
    expect(ring.allocated).toBe(64);
    expect(ring.toArray()).toEqual(Array.from({ length: 33 }, (_, i) => 1 + i));
    ring.resize(20);
    expect(ring.allocated).toBe(20);
    expect(ring.toArray()).toEqual(Array.from({ length: 20 }, (_, i) => 14 + i));
    expect(ring.push(34)).toBe(14);
  });

  it('keeps the absolute-position invariant while growing, wrapping and resizing', () => {
    const ring = new RingBuffer<number>(37);
    const check = () => {
      for (let i = 0; i < ring.size; i++)
        expect(ring.get(i)).toBe(ring.totalPushed - ring.size + i);
    };
    let next = 0;
    for (const [pushes, capacity] of [
      [20, 37],
      [30, 37],
      [5, 90],
      [70, 90],
      [3, 12],
      [1, 12],
      [50, 300],
    ] as const) {
      ring.resize(capacity);
      for (let i = 0; i < pushes; i++) ring.push(next++);
      check();
    }
    expect(ring.size).toBe(62);
  });
});
