import { describe, expect, it } from 'vitest';
import type { PaneMessage } from './message';
import { testMessage } from './testing/test-message';
import { bodyText, decodeUtf8 } from './body-format';
import { prefetchBodyTexts, scanBodyText } from './body-scan';

const message = (body: Uint8Array | string) => testMessage(body);

const bytes = (text: string) => new TextEncoder().encode(text);
/** What decoding one body alone gives (the answer a prefetch must not change). */
const alone = (m: PaneMessage) => {
  if (typeof m.body === 'string') return m.body;
  const decoded = decodeUtf8(m.body);
  return decoded.ok ? decoded.text : null;
};

describe('prefetchBodyTexts and scanBodyText', () => {
  it('decode a batch of ASCII bodies together into the same texts as one by one', () => {
    const batch = Array.from({ length: 300 }, (_, i) => message(bytes(`{"seq":${i}}`)));
    batch.push(message(bytes('')), message('a text body'));
    prefetchBodyTexts(batch);
    for (const m of batch) expect(scanBodyText(m)).toBe(alone(m));
  });

  it('fall back to one body at a time when a batch holds more than ASCII', () => {
    const batch = [
      message(bytes('plain')),
      message(bytes('Zoë 🐇')),
      message(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), // a byte-order mark, kept
      message(new Uint8Array([0x61, 0xff])), // not UTF-8
      message(new Uint8Array([0xc3])), // a sequence cut at the end of one body…
      message(new Uint8Array([0xa9])), // …that the next one would complete
    ];
    prefetchBodyTexts(batch);
    expect(batch.map(scanBodyText)).toEqual(['plain', 'Zoë 🐇', '\ufeffa', null, null, null]);
  });

  it('decode bodies bigger than a batch allows alone, and batches past 64 KiB in parts', () => {
    const big = message(bytes('x'.repeat(100_000)));
    const many = Array.from({ length: 40 }, (_, i) => message(bytes(`${i}`.repeat(1000))));
    prefetchBodyTexts([big, ...many]);
    expect(scanBodyText(big)).toBe('x'.repeat(100_000));
    for (const m of many) expect(scanBodyText(m)).toBe(alone(m));
  });

  it('prefer the text a row cached, and keep nothing of an earlier batch', () => {
    const shown = message(bytes('shown'));
    expect(bodyText(shown)).toBe('shown');
    const first = message(bytes('first'));
    prefetchBodyTexts([shown, first]);
    expect(scanBodyText(shown)).toBe('shown');
    prefetchBodyTexts([message(bytes('second'))]);
    expect(scanBodyText(first)).toBe('first'); // decoded again, alone
  });
});
