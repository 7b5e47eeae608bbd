import { describe, expect, it } from 'vitest';
import { hasInvisibleCharacters, visibleSegments } from './visible-text';

describe('visibleSegments', () => {
  it('keeps ordinary text as one plain run, including the empty string', () => {
    expect(visibleSegments('orders.created')).toEqual([{ kind: 'plain', text: 'orders.created' }]);
    expect(visibleSegments('')).toEqual([{ kind: 'plain', text: '' }]);
    expect(visibleSegments('שלום 🐇 عربى')).toEqual([{ kind: 'plain', text: 'שלום 🐇 عربى' }]);
  });

  it('marks a right-to-left override between two plain runs', () => {
    expect(visibleSegments('abc\u202Edef')).toEqual([
      { kind: 'plain', text: 'abc' },
      { kind: 'marked', code: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE' },
      { kind: 'plain', text: 'def' },
    ]);
  });

  it('marks every bidirectional control and zero-width character, and nothing next to them', () => {
    const marked = [
      0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
      0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
    ];
    for (const codePoint of marked) {
      const segments = visibleSegments(String.fromCharCode(codePoint));
      expect(segments).toHaveLength(1);
      expect(segments[0]).toMatchObject({
        kind: 'marked',
        code: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`,
      });
    }
    for (const neighbour of [
      0x061b, 0x200a, 0x2010, 0x2029, 0x202f, 0x205f, 0x2061, 0x2065, 0x206a, 0xfefe,
    ]) {
      expect(visibleSegments(String.fromCharCode(neighbour))).toEqual([
        { kind: 'plain', text: String.fromCharCode(neighbour) },
      ]);
    }
  });

  it('marks characters at the edges and in a row, each on its own', () => {
    expect(visibleSegments('\u200Bx\u2066\u2069')).toEqual([
      { kind: 'marked', code: 'U+200B', name: 'ZERO WIDTH SPACE' },
      { kind: 'plain', text: 'x' },
      { kind: 'marked', code: 'U+2066', name: 'LEFT-TO-RIGHT ISOLATE' },
      { kind: 'marked', code: 'U+2069', name: 'POP DIRECTIONAL ISOLATE' },
    ]);
  });

  it('leaves no marked character in the plain runs', () => {
    const text = 'a\u202Eb\u200Dc\uFEFFd\u061Ce';
    const plain = visibleSegments(text)
      .map((segment) => (segment.kind === 'plain' ? segment.text : ''))
      .join('');
    expect(plain).toBe('abcde');
    expect(hasInvisibleCharacters(plain)).toBe(false);
  });
});

describe('hasInvisibleCharacters', () => {
  it('answers the same on repeated calls (the pattern keeps no state between them)', () => {
    expect(hasInvisibleCharacters('x\u202E')).toBe(true);
    expect(hasInvisibleCharacters('x\u202E')).toBe(true);
    expect(hasInvisibleCharacters('plain')).toBe(false);
  });
});
