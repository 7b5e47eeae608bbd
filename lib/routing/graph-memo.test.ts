import { describe, expect, it } from 'vitest';
import { keepUnchanged, ReusedById } from './graph-memo';

describe('keepUnchanged', () => {
  it('hands back the first of equal values, and a changed value as it is', () => {
    const keep = keepUnchanged<{ nodes: { id: string; count: number }[] }>();
    const first = keep({ nodes: [{ id: 'a', count: 1 }] });
    expect(keep({ nodes: [{ id: 'a', count: 1 }] })).toBe(first);
    const changed = { nodes: [{ id: 'a', count: 2 }] };
    expect(keep(changed)).toBe(changed);
    expect(keep({ nodes: [{ id: 'a', count: 2 }] })).toBe(changed);
  });
});

describe('ReusedById', () => {
  it('makes an output again only for items whose data or extra changed, and forgets gone ones', () => {
    const reused = new ReusedById<{ id: string; count: number }, { label: string }>();
    let made = 0;
    const make = (item: { id: string; count: number }) => {
      made++;
      return { label: `${item.id}:${item.count}` };
    };
    const here = { x: 1 };
    const first = reused.map(
      [
        { id: 'a', count: 1 },
        { id: 'b', count: 1 },
      ],
      make,
      () => here,
    );
    expect(made).toBe(2);
    const second = reused.map(
      [
        { id: 'a', count: 1 },
        { id: 'b', count: 2 },
      ],
      make,
      () => here,
    );
    expect(made).toBe(3);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toEqual({ label: 'b:2' });
    // Another extra (a new position) makes it again.
    reused.map([{ id: 'a', count: 1 }], make, () => ({ x: 1 }));
    expect(made).toBe(4);
    // 'b' was forgotten when it was left out: it is made again when it comes back.
    reused.map([{ id: 'b', count: 2 }], make);
    expect(made).toBe(5);
  });
});
