import { describe, expect, it } from 'vitest';
import { testMessage } from './testing/test-message';
import { bodyText, cachedBodyText } from './body-format';
import { scanBodyText } from './body-scan';
import { compileTextFilter } from './text-filter';

const message = (body: Uint8Array | string, headers: Record<string, string>) =>
  testMessage(body, { headers });

const bytes = (text: string) => new TextEncoder().encode(text);

describe('compileTextFilter', () => {
  const m = message(bytes('{"total":150,"note":"Ab:Cd"}'), {
    'content-type': 'Application/JSON',
    'x-a:b': 'c:D',
  });

  it.each([
    // The pair name:value, matched across its colon as if joined.
    ['content-type:application/json', true],
    ['type:appl', true],
    ['e:a', true],
    ['content-type:text', false],
    // A name or value holding colons of its own: every colon of the needle is tried.
    ['x-a:b:c:d', true],
    ['b:c', true],
    ['a:b:c:e', false],
    // The body, case-insensitively.
    ['"note":"ab:cd"', true],
    ['"total":151', false],
  ])('%j -> %s', (needle, expected) => {
    expect(compileTextFilter(needle)(m)).toBe(expected);
  });

  it('decodes bodies it searches without caching them, and uses a cached text', () => {
    const fresh = message(bytes('Hello World'), {});
    expect(compileTextFilter('o w')(fresh)).toBe(true);
    expect(cachedBodyText(fresh)).toBeUndefined();
    expect(bodyText(fresh)).toBe('Hello World');
    expect(cachedBodyText(fresh)).toBe('Hello World');
    expect(scanBodyText(fresh)).toBe('Hello World');
  });

  it('does not search a body that is not UTF-8', () => {
    const binary = message(new Uint8Array([0x61, 0x62, 0xff]), {});
    expect(scanBodyText(binary)).toBeNull();
    expect(compileTextFilter('ab')(binary)).toBe(false);
  });
});
