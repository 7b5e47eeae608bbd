import { describe, expect, it } from 'vitest';
import { BODY_VIEW_LIMITS, bodyFileName, boundedBody } from './bounded-body';
import type { PaneMessage } from './message';

function message(body: Uint8Array | string, seq = 1): PaneMessage {
  return {
    seq,
    receivedAt: 0,
    routingKey: 'k',
    destination: '/topic/k',
    headers: {},
    body,
    size: typeof body === 'string' ? new TextEncoder().encode(body).length : body.length,
    binary: typeof body !== 'string',
  } as PaneMessage;
}

const TEN_MB = 10 * 1024 * 1024;

describe('boundedBody', () => {
  it('shows a small body whole in every view', () => {
    const small = message('{"a":1}');
    expect(boundedBody(small, 'text', false)).toEqual({
      text: '{"a":1}',
      shown: 7,
      total: 7,
      unit: 'characters',
      extent: 'whole',
    });
    expect(boundedBody(small, 'json', false).text).toBe('{\n  "a": 1\n}');
    expect(boundedBody(small, 'hex', false)).toMatchObject({
      shown: 7,
      total: 7,
      unit: 'bytes',
      extent: 'whole',
    });
  });

  it('previews the first 64 KiB of a long text, then at most 2 MiB after Show all', () => {
    const long = message('x'.repeat(TEN_MB));
    const first = boundedBody(long, 'text', false);
    expect(first).toMatchObject({ shown: 65_536, total: TEN_MB, extent: 'preview' });
    expect(first.text).toHaveLength(65_536);
    const all = boundedBody(long, 'text', true);
    expect(all).toMatchObject({
      shown: BODY_VIEW_LIMITS.text.all,
      total: TEN_MB,
      extent: 'capped',
    });
    expect(all.text).toHaveLength(2 * 1024 * 1024);
  });

  it('shows all of a body that fits within the most it renders', () => {
    const medium = message('y'.repeat(100_000));
    expect(boundedBody(medium, 'text', false).extent).toBe('preview');
    expect(boundedBody(medium, 'text', true)).toMatchObject({ shown: 100_000, extent: 'whole' });
  });

  it('dumps at most 256 KiB as hex, about 1.3 million characters, for a 10 MB body', () => {
    const bytes = new Uint8Array(TEN_MB).fill(0xab);
    const all = boundedBody(message(bytes), 'hex', true);
    expect(all).toMatchObject({
      shown: 256 * 1024,
      total: TEN_MB,
      unit: 'bytes',
      extent: 'capped',
    });
    expect(all.text.length).toBeLessThan(1_400_000); // 79 characters a line of 16 bytes
    expect(
      all.text.endsWith(`(${(TEN_MB - 256 * 1024).toLocaleString('en-US')} more bytes not shown)`),
    ).toBe(true);
    expect(boundedBody(message(bytes), 'hex', false)).toMatchObject({
      shown: 65_536,
      extent: 'preview',
    });
  });

  it('bounds pretty JSON by its own length', () => {
    const items = Array.from({ length: 300_000 }, (_, i) => i);
    const json = boundedBody(message(JSON.stringify(items)), 'json', true);
    expect(json.text.startsWith('[\n  0,\n  1,')).toBe(true);
    expect(json).toMatchObject({ shown: 2 * 1024 * 1024, extent: 'capped' });
    expect(json.total).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('never cuts inside a surrogate pair', () => {
    const text = 'a' + '🐇'.repeat(40_000);
    const first = boundedBody(message(text), 'text', false);
    expect(first.shown).toBe(65_535);
    expect(first.text.endsWith('🐇')).toBe(true);
  });
});

describe('bodyFileName', () => {
  it('names the file by the message number and what the body contains', () => {
    expect(bodyFileName(message('{"a":1}', 7))).toBe('message-7.json');
    expect(bodyFileName(message('hello', 8))).toBe('message-8.txt');
    expect(bodyFileName(message(new Uint8Array([0xff, 0x00]), 9))).toBe('message-9.bin');
  });
});
