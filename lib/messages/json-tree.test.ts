import { describe, expect, it } from 'vitest';
import { childPath, childrenOf, JSON_PAGE_SIZE, kindOf, previewOf } from './json-tree';

describe('json tree', () => {
  it('writes paths the way a filter expression reads them', () => {
    expect(childPath('body', 'order')).toBe('body.order');
    expect(childPath('body.order', 'total')).toBe('body.order.total');
    expect(childPath('body', 3)).toBe('body[3]');
    expect(childPath('body', 'content-type')).toBe('body["content-type"]');
    expect(childPath('body', 'say "hi"')).toBe('body["say \\"hi\\""]');
    expect(childPath('body', '1abc')).toBe('body["1abc"]');
  });

  it('lists children with their kind, size and path', () => {
    const { entries, pages } = childrenOf(
      { order: { total: 150 }, items: [1, 2], ok: true, none: null },
      'body',
    );
    expect(pages).toBe(1);
    expect(entries.map((e) => [e.label, e.path, e.kind, e.size])).toEqual([
      ['order', 'body.order', 'object', 1],
      ['items', 'body.items', 'array', 2],
      ['ok', 'body.ok', 'boolean', 0],
      ['none', 'body.none', 'null', 0],
    ]);
    expect(childrenOf(42, 'body').entries).toEqual([]);
  });

  it('pages long arrays', () => {
    const big = Array.from({ length: 250 }, (_, i) => i);
    const first = childrenOf(big, 'body');
    expect(first.pages).toBe(3);
    expect(first.entries).toHaveLength(JSON_PAGE_SIZE);
    const last = childrenOf(big, 'body', 2);
    expect(last.entries.map((e) => e.label)).toEqual(
      Array.from({ length: 50 }, (_, i) => `[${200 + i}]`),
    );
    expect(last.entries[0]!.path).toBe('body[200]');
  });

  it('previews values in one line', () => {
    expect(previewOf([1, 2, 3])).toBe('[3 items]');
    expect(previewOf({ a: 1 })).toBe('{1 keys}');
    expect(previewOf('x'.repeat(200), 10)).toBe('"xxxxxxxx…');
    expect(previewOf(null)).toBe('null');
    expect(kindOf(1.5)).toBe('number');
  });
});
