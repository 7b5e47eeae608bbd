import { afterEach, describe, expect, it, vi } from 'vitest';
import { testMessage } from './testing/test-message';
import { cachedBodyText } from './body-format';
import { compileFieldPath, parseFilterExpression } from './filter-expression';

const message = (body: string) => testMessage(new TextEncoder().encode(body));

function predicate(expression: string) {
  const parsed = parseFilterExpression(expression);
  if (parsed.kind !== 'expression') throw new Error(`not an expression: ${expression}`);
  return parsed.matches;
}

afterEach(() => vi.restoreAllMocks());

describe('compiled filter expressions', () => {
  it('parse each body once however many paths read it, and only when a path starts at body', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const matches = predicate('body.a > 1 && body.b < 5 && body.a != body.b');
    expect(matches(message('{"a":2,"b":3}'))).toBe(true);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(predicate('size > 1 && seq == 1')(message('{"a":2}'))).toBe(true);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('start afresh for every message: one body is never read for the next', () => {
    const matches = predicate('body.a == 1');
    expect(matches(message('{"a":1}'))).toBe(true);
    expect(matches(message('{"b":1}'))).toBe(false);
    expect(matches(message('not json'))).toBe(false);
    expect(matches(message('{"a":1}'))).toBe(true);
  });

  it('leave the text cache to the rows on screen', () => {
    const held = message('{"a":1}');
    expect(predicate('body.a == 1')(held)).toBe(true);
    const read = compileFieldPath('body.a');
    expect(read.ok && read.value(held)).toBe(1);
    expect(cachedBodyText(held)).toBeUndefined();
  });
});
