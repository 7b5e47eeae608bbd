import { describe, expect, it } from 'vitest';
import { compileTextSearch } from './text-search';

const lowered = (text: string, needle: string) => text.toLowerCase().includes(needle);

describe('compileTextSearch', () => {
  it.each([
    ['Order EU-7 shipped', 'eu-7', true],
    ['Order EU-7 shipped', 'eu-8', false],
    ['content-type', 'content-type', true],
    ['a.b*c?(d)[e]{f}|g^h$i\\j/k+l', '.b*c?(d)[e]{f}|g^h$i\\j/k+l', true],
    ['abc', '.', false],
    ['ISTANBUL', 'istanbul', true],
    // Lowercasing İ gives "i" + U+0307 and the Kelvin sign gives "k": found only by lowercasing.
    ['\u0130stanbul', 'i', true],
    ['\u0130stanbul', 'i\u0307stanbul', true],
    ['5 \u212a', '5 k', true],
    ['\u212aelvin', 'xyz', false],
    ['ZOË', 'zoë', true],
    ['ZOË', 'zoe', false],
    ['', 'a', false],
    ['{"seq":100000,"pad":"x"}', '"seq":100000,', true],
  ])('%j contains %j: %s, as toLowerCase().includes says', (text, needle, expected) => {
    expect(lowered(text, needle)).toBe(expected);
    expect(compileTextSearch(needle)(text)).toBe(expected);
  });

  it('agrees with toLowerCase().includes over mixed-case and non-ASCII texts', () => {
    const texts = ['Hello World', 'hELLO', 'Straße', 'STRASSE', 'İi', 'ǅ', 'Ω', 'K', 'a\nb'];
    const needles = ['hello', 'world', 'o w', 'straße', 'ss', 'i', 'ǆ', 'ω', 'k', 'a\nb', 'x'];
    for (const text of texts)
      for (const needle of needles)
        expect(compileTextSearch(needle)(text), `${text} / ${needle}`).toBe(lowered(text, needle));
  });
});
