import { describe, expect, it } from 'vitest';
import { rovingIndex } from './roving-index';

describe('rovingIndex', () => {
  it('moves by one, by a page, and to either end, within the list', () => {
    expect(rovingIndex('ArrowDown', 0, 1000, 10)).toBe(1);
    expect(rovingIndex('ArrowDown', 999, 1000, 10)).toBe(999);
    expect(rovingIndex('ArrowUp', 0, 1000, 10)).toBe(0);
    expect(rovingIndex('ArrowUp', 5, 1000, 10)).toBe(4);
    expect(rovingIndex('PageDown', 995, 1000, 10)).toBe(999);
    expect(rovingIndex('PageUp', 5, 1000, 10)).toBe(0);
    expect(rovingIndex('End', 3, 1000, 10)).toBe(999);
    expect(rovingIndex('Home', 500, 1000, 10)).toBe(0);
  });

  it('clamps a position left behind by a list that shrank', () => {
    expect(rovingIndex('ArrowUp', 40, 10, 5)).toBe(8);
  });

  it('ignores other keys and empty lists', () => {
    expect(rovingIndex('Enter', 1, 10, 5)).toBeNull();
    expect(rovingIndex('End', 0, 0, 5)).toBeNull();
  });
});
