import { describe, expect, it } from 'vitest';
import { parseStreamOffset, streamSubscription, timestampOffset } from './stream-offset';

describe('parseStreamOffset', () => {
  it.each([
    ['first', 'first'],
    [' LAST ', 'last'],
    ['next', 'next'],
    ['offset=40', 'offset=40'],
    ['offset = 007', 'offset=7'],
    ['timestamp=1714564800', 'timestamp=1714564800'],
    ['2024-05-01T12:00:00Z', 'timestamp=1714564800'],
    ['2024-05-01T12:00:00.999Z', 'timestamp=1714564800'],
    ['2024-05-01 12:00:00Z', 'timestamp=1714564800'],
  ])('reads %j as %s', (text, header) => {
    expect(parseStreamOffset(text)).toEqual({ ok: true, value: header });
  });

  it('refuses a bare number, saying what to write instead', () => {
    const result = parseStreamOffset('40');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatch(/bare number .* delivers nothing: write offset=40/);
  });

  it.each(['', 'offset=', 'offset=-1', 'yesterday', '12:00', '2024-13-45'])(
    'refuses %j',
    (text) => {
      expect(parseStreamOffset(text).ok).toBe(false);
    },
  );
});

describe('streamSubscription', () => {
  it('gives a stream read manual acks and a prefetch-count', () => {
    expect(streamSubscription('first', 'auto', undefined)).toEqual({
      ok: true,
      value: { streamOffset: 'first', ackMode: 'client', prefetchCount: 100 },
    });
    expect(streamSubscription('next', 'client-individual', 5)).toMatchObject({
      value: { ackMode: 'client-individual', prefetchCount: 5 },
    });
    expect(streamSubscription('3', 'auto', undefined).ok).toBe(false);
    expect(timestampOffset(1714564800999)).toBe('timestamp=1714564800');
  });
});
