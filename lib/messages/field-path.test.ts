import { describe, expect, it } from 'vitest';
import { compileFieldPath } from './filter-expression';
import type { PaneMessage } from './message';

const text = JSON.stringify({ order: { total: 150 }, items: [{ qty: 2 }], 'a b': 3 });
const message: PaneMessage = {
  seq: 4,
  receivedAt: 0,
  routingKey: 'k',
  destination: '/topic/k',
  headers: { priority: '7' },
  body: new TextEncoder().encode(text),
  size: text.length,
  binary: true,
  redelivered: false,
  messageId: undefined,
  ackId: undefined,
};

const read = (path: string) => {
  const compiled = compileFieldPath(path);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.value(message);
};

describe('compileFieldPath', () => {
  it('reads the paths the JSON tree copies', () => {
    expect(read('body.order.total')).toBe(150);
    expect(read('body.items[0].qty')).toBe(2);
    expect(read('body["a b"]')).toBe(3);
    expect(read('headers.priority')).toBe('7');
    expect(read('seq')).toBe(4);
  });

  it('gives undefined for a missing field', () => {
    expect(read('body.order.tax')).toBeUndefined();
    expect(read('body.items[5].qty')).toBeUndefined();
  });

  it('refuses text that is not a single path', () => {
    for (const text of ['body.i > 3', 'hello', 'body.', '!redelivered', ''])
      expect(compileFieldPath(text)).toMatchObject({ ok: false });
  });
});
