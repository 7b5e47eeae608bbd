import { describe, expect, it } from 'vitest';
import { fromBase64 } from './byte-codecs';
import type { PaneMessage } from './message';
import { toNdjsonLine } from './ndjson';

const utf8 = (text: string) => new TextEncoder().encode(text);
const receivedAt = Date.UTC(2024, 4, 1, 12, 0, 0, 123);

function msg(body: Uint8Array | string, seq = 1): PaneMessage {
  return {
    seq,
    receivedAt,
    routingKey: 'a.b',
    destination: '/topic/a.b',
    headers: { destination: '/topic/a.b', subscription: 'sub-0', 'message-id': `m-${seq}` },
    body,
    size: 0,
    binary: typeof body !== 'string',
    redelivered: false,
    messageId: `m-${seq}`,
    ackId: undefined,
  };
}

describe('toNdjsonLine', () => {
  it('writes a text body as text, with the fields in order', () => {
    const line = toNdjsonLine(msg(utf8('hello')), receivedAt - 23);
    expect(line).toBe(
      '{"offsetMs":23,"receivedAt":"2024-05-01T12:00:00.123Z","destination":"/topic/a.b","routingKey":"a.b",' +
        '"headers":{"destination":"/topic/a.b","subscription":"sub-0","message-id":"m-1"},"body":"hello"}',
    );
  });

  it('keeps unicode exactly', () => {
    const text = 'héllo 日本語 😀 \u{1F469}\u200D\u{1F4BB}';
    const record = JSON.parse(toNdjsonLine(msg(utf8(text)), receivedAt));
    expect(record.body).toBe(text);
    expect(record).not.toHaveProperty('bodyBase64');
    expect(JSON.parse(toNdjsonLine(msg(text), receivedAt)).body).toBe(text);
  });

  it('writes bytes that are not UTF-8 as base64', () => {
    const bytes = new Uint8Array([0x00, 0xff, 0xfe, 0x80, 0x41]);
    const record = JSON.parse(toNdjsonLine(msg(bytes), receivedAt));
    expect(record).not.toHaveProperty('body');
    expect(record.bodyBase64).toBe('AP/+gEE=');
    expect(fromBase64(record.bodyBase64)).toEqual({ ok: true, value: bytes });
  });

  it('keeps UTF-8 text with control characters as text, on one line', () => {
    const text = 'a\u0000b\nc\r\n\u001b[0m\u2028\u2029';
    const line = toNdjsonLine(msg(utf8(text)), receivedAt);
    expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(line).toContain('\\u2028\\u2029');
    expect(JSON.parse(line).body).toBe(text);
  });

  it('writes an empty body as an empty string', () => {
    expect(JSON.parse(toNdjsonLine(msg(new Uint8Array()), receivedAt)).body).toBe('');
  });

  it('does not share the header object with the message', () => {
    const message = msg('x');
    expect(JSON.parse(toNdjsonLine(message, receivedAt)).headers).toEqual(message.headers);
  });
});
