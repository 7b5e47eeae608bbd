/**
 * Characters that change how text around them displays without showing themselves: bidirectional
 * controls (a queue named `abc\u202Edef` displays as `abcfed`) and zero-width characters (two
 * names that look the same but differ). Names of the Unicode standard, for a tooltip.
 */
const INVISIBLE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x061c, 'ARABIC LETTER MARK'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2060, 'WORD JOINER'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
]);

const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
// Not global, so test() keeps no position between calls.
const ANY_INVISIBLE = new RegExp(INVISIBLE.source);

/** A run of `text` to show as is, or one invisible character to show by its code (`U+202E`). */
export type VisibleSegment =
  { kind: 'plain'; text: string } | { kind: 'marked'; code: string; name: string };

/**
 * Splits untrusted text (queue and exchange names, routing keys, subscription ids, header names
 * and values) into runs shown as they are and the bidirectional-control and zero-width characters
 * in between, which are to be shown by their code. Rendering the runs (as text) and the codes
 * puts no such character on the page, so nothing can reorder or hide part of a name.
 *
 * @example
 * visibleSegments('abc\u202Edef');
 * // [{ kind: 'plain', text: 'abc' },
 * //  { kind: 'marked', code: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE' },
 * //  { kind: 'plain', text: 'def' }]
 */
export function visibleSegments(text: string): VisibleSegment[] {
  const segments: VisibleSegment[] = [];
  let start = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    if (match.index > start) segments.push({ kind: 'plain', text: text.slice(start, match.index) });
    const codePoint = match[0].charCodeAt(0);
    segments.push({
      kind: 'marked',
      code: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`,
      name: INVISIBLE_NAMES.get(codePoint) ?? 'INVISIBLE CHARACTER',
    });
    start = match.index + 1;
  }
  if (start < text.length || segments.length === 0)
    segments.push({ kind: 'plain', text: text.slice(start) });
  return segments;
}

/** Whether `text` holds any character {@link visibleSegments} marks. */
export function hasInvisibleCharacters(text: string): boolean {
  return ANY_INVISIBLE.test(text);
}
