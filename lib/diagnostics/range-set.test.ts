import { describe, expect, it } from 'vitest';
import { RangeSet } from './range-set';

describe('RangeSet', () => {
  it('keeps numbers that arrive in order as one range', () => {
    const set = new RangeSet();
    for (let i = 0; i < 1000; i++) expect(set.add(i)).toBe(true);
    expect(set.ranges()).toEqual([[0, 999]]);
    expect(set.size).toBe(1000);
  });

  it('reports a repeat as not new and leaves the size alone', () => {
    const set = new RangeSet([[0, 9]]);
    expect(set.add(5)).toBe(false);
    expect(set.size).toBe(10);
  });

  it('merges out-of-order numbers and ranges that touch or overlap', () => {
    const set = new RangeSet();
    set.add(10);
    set.add(1);
    set.add(5);
    expect(set.ranges()).toEqual([
      [1, 1],
      [5, 5],
      [10, 10],
    ]);
    expect(set.addRange(2, 9)).toBe(7);
    expect(set.ranges()).toEqual([[1, 10]]);
    expect(set.addRange(0, 12)).toBe(3);
    expect(set.ranges()).toEqual([[0, 12]]);
    expect(set.size).toBe(13);
  });

  it('answers membership and counts within a span', () => {
    const set = new RangeSet([
      [0, 4],
      [10, 14],
    ]);
    expect(set.has(4)).toBe(true);
    expect(set.has(5)).toBe(false);
    expect(set.has(10)).toBe(true);
    expect(set.countWithin(3, 11)).toBe(4);
    expect(set.countWithin(20, 30)).toBe(0);
    expect([set.min, set.max]).toEqual([0, 14]);
  });
});
