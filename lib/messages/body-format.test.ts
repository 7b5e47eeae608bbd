import { describe, expect, it } from 'vitest';
import {
  bodyBytes,
  bodyText,
  classifyBody,
  decodeUtf8,
  formatSize,
  fromBase64,
  fromHex,
  hexDump,
  prettyJson,
  preview,
  toBase64,
  toHex,
  visibleLine,
} from './body-format';
import type { PaneMessage } from './message';

const utf8 = (text: string) => new TextEncoder().encode(text);

function message(body: Uint8Array | string): PaneMessage {
  return {
    seq: 1,
    receivedAt: 0,
    routingKey: 'k',
    destination: '/topic/k',
    headers: {},
    body,
    size: typeof body === 'string' ? utf8(body).length : body.length,
    binary: typeof body !== 'string',
    redelivered: false,
    messageId: undefined,
    ackId: undefined,
  };
}

describe('decodeUtf8', () => {
  it('decodes valid UTF-8', () => {
    expect(decodeUtf8(utf8('héllo 😀'))).toEqual({ ok: true, text: 'héllo 😀' });
    expect(decodeUtf8(new Uint8Array())).toEqual({ ok: true, text: '' });
  });

  it('refuses invalid UTF-8 instead of replacing it', () => {
    expect(decodeUtf8(new Uint8Array([0xff]))).toEqual({ ok: false });
    expect(decodeUtf8(new Uint8Array([0xc3]))).toEqual({ ok: false }); // cut-off sequence
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toEqual({ ok: false }); // surrogate
  });

  it('keeps a byte-order mark', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
      ok: true,
      text: '\ufeffA',
    });
  });
});

describe('bodyText and bodyBytes', () => {
  it('decode and encode lazily, once', () => {
    const m = message(utf8('hi'));
    expect(bodyText(m)).toBe('hi');
    expect(bodyText(m)).toBe(bodyText(m));
    expect(bodyBytes(m)).toBe(m.body);
    const t = message('hé');
    expect(bodyText(t)).toBe('hé');
    expect(bodyBytes(t)).toEqual(utf8('hé'));
    expect(bodyBytes(t)).toBe(bodyBytes(t));
  });

  it('gives null text for bytes that are not UTF-8', () => {
    expect(bodyText(message(new Uint8Array([0x80])))).toBeNull();
  });
});

describe('classifyBody', () => {
  it.each<[string, Uint8Array | string, string]>([
    ['plain text', utf8('hello world'), 'text'],
    ['empty', new Uint8Array(), 'text'],
    ['text with tabs and CRLF', utf8('a\tb\r\nc\n'), 'text'],
    ['JSON object', utf8('{"a":1}'), 'json'],
    ['JSON array with whitespace', utf8('  \n[1, 2]\n'), 'json'],
    ['JSON behind a BOM', utf8('\ufeff{"a":1}'), 'json'],
    ['JSON in a text body', '{"a":[true,null]}', 'json'],
    ['broken JSON', utf8('{"a":'), 'text'],
    ['a JSON scalar', utf8('42'), 'text'],
    ['a JSON string', utf8('"x"'), 'text'],
    ['invalid UTF-8', new Uint8Array([0x48, 0xff]), 'binary'],
    ['NUL byte', new Uint8Array([0x48, 0x00, 0x49]), 'binary'],
    ['ESC byte', utf8('\u001b[31mred'), 'binary'],
    ['NUL in a text body', 'a\u0000b', 'binary'],
    ['DEL and C1 are not binary', utf8('a\u007fb\u0085'), 'text'],
    ['unicode', utf8('日本語 😀'), 'text'],
  ])('%s', (_, body, kind) => {
    expect(classifyBody(message(body))).toBe(kind);
  });
});

describe('prettyJson', () => {
  it('matches JSON.stringify for ordinary JSON', () => {
    const value = { a: 1, b: [1, 'two', { c: null, d: [] }], e: {}, f: 'x, y: [z]', g: true };
    expect(prettyJson(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
    expect(prettyJson('[]')).toBe('[]');
    expect(prettyJson(' { } ')).toBe('{}');
    expect(prettyJson('"s"')).toBe('"s"');
  });

  it('keeps number digits, duplicate keys and escapes as sent', () => {
    expect(prettyJson('{"id":12345678901234567890,"id":1.50e3,"s":"a\\"b\\u00e9\\\\"}')).toBe(
      '{\n  "id": 12345678901234567890,\n  "id": 1.50e3,\n  "s": "a\\"b\\u00e9\\\\"\n}',
    );
  });

  it('re-indents already pretty JSON', () => {
    expect(prettyJson('{\n\t"a" :\r\n [ 1 ,2 ]\n}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('drops a BOM and refuses what is not JSON', () => {
    expect(prettyJson('\ufeff[1]')).toBe('[\n  1\n]');
    expect(prettyJson('{a:1}')).toBeNull();
    expect(prettyJson('')).toBeNull();
    expect(prettyJson('[1,]')).toBeNull();
  });
});

describe('hexDump', () => {
  it('prints the classic hexdump -C line', () => {
    expect(hexDump(utf8('Hello world\n'))).toBe(
      '00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|',
    );
  });

  it('prints full lines and offsets', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i + 0x3c);
    expect(hexDump(bytes)).toBe(
      [
        '00000000  3c 3d 3e 3f 40 41 42 43  44 45 46 47 48 49 4a 4b  |<=>?@ABCDEFGHIJK|',
        '00000010  4c 4d 4e 4f                                       |LMNO|',
      ].join('\n'),
    );
  });

  it('shows non-printable bytes as dots and pads an 8-byte line', () => {
    expect(hexDump(new Uint8Array([0, 0x1f, 0x7f, 0x80, 0xff, 0x20, 0x7e, 0x41]))).toBe(
      '00000000  00 1f 7f 80 ff 20 7e 41                           |..... ~A|',
    );
  });

  it('is empty for no bytes', () => {
    expect(hexDump(new Uint8Array())).toBe('');
  });

  it('stops at maxBytes and says how much is left', () => {
    const dump = hexDump(new Uint8Array(40), { maxBytes: 16 });
    expect(dump.split('\n')).toEqual([
      '00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|',
      '(24 more bytes not shown)',
    ]);
    expect(hexDump(new Uint8Array(2), { maxBytes: 1 }).split('\n')[1]).toBe(
      '(1 more byte not shown)',
    );
  });

  it('keeps every line the same width', () => {
    const lines = hexDump(Uint8Array.from({ length: 37 }, (_, i) => i)).split('\n');
    const hexPart = (line: string) => line.indexOf('|');
    expect(new Set(lines.map(hexPart)).size).toBe(1);
  });
});

describe('preview', () => {
  it('shows short text as is', () => {
    expect(preview(message(utf8('hello')))).toEqual({ text: 'hello', truncated: false });
  });

  it('makes controls visible and stays on one line', () => {
    expect(preview(message(utf8('a\nb\tc\r\u0000\u007f'))).text).toBe('a␊b␉c␍␀␡');
    const { text } = preview(message('x\u2028y\u202Ez\u0085'));
    expect(text).toBe('x\\u2028y\\u202ez\\u0085');
    expect(text).not.toMatch(/[\n\r\u2028\u2029\u202e]/);
  });

  it('compacts JSON', () => {
    expect(preview(message(utf8('{\n  "a": [1, 2],\n  "b": "x y"\n}'))).text).toBe(
      '{"a":[1,2],"b":"x y"}',
    );
  });

  it('truncates to maxChars', () => {
    const p = preview(message(utf8('abcdefghij')), 4);
    expect(p).toEqual({ text: 'abcd', truncated: true });
    expect(preview(message(utf8('abcd')), 4)).toEqual({ text: 'abcd', truncated: false });
  });

  it('never cuts a surrogate pair or an escape in half', () => {
    expect(preview(message('ab😀'), 3)).toEqual({ text: 'ab', truncated: true });
    expect(preview(message('ab😀'), 4)).toEqual({ text: 'ab😀', truncated: false });
    expect(preview(message('a\u202e'), 4)).toEqual({ text: 'a', truncated: true });
  });

  it('replaces a lone surrogate in a text body', () => {
    expect(preview(message('a\ud800b')).text).toBe('a\ufffdb');
  });

  it('shows bytes that are not UTF-8 as hex', () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x10, 0xab]);
    expect(preview(message(bytes))).toEqual({ text: 'ff 00 10 ab', truncated: false });
    expect(preview(message(bytes), 8)).toEqual({ text: 'ff 00 10', truncated: true });
  });

  it('caches per message and maxChars', () => {
    const m = message(utf8('hello'));
    expect(preview(m)).toBe(preview(m));
    expect(preview(m, 2).text).toBe('he');
  });
});

describe('visibleLine', () => {
  it('handles empty text and a zero budget', () => {
    expect(visibleLine('')).toEqual({ text: '', truncated: false });
    expect(visibleLine('a', 0)).toEqual({ text: '', truncated: true });
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024, '10 KiB'],
    [1023 * 1024, '1023 KiB'],
    [1024 * 1024 - 1, '1.0 MiB'],
    [5.25 * 1024 * 1024, '5.3 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
    [2048 * 1024 ** 4, '2048 TiB'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('refuses nonsense', () => {
    expect(() => formatSize(-1)).toThrow(RangeError);
    expect(() => formatSize(Number.NaN)).toThrow(RangeError);
  });
});

describe('base64', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 vector %j', (text, encoded) => {
    expect(toBase64(utf8(text))).toBe(encoded);
    expect(fromBase64(encoded)).toEqual({ ok: true, value: utf8(text) });
  });

  it('round-trips every byte value and long inputs', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 255);
    const encoded = toBase64(bytes);
    const decoded = fromBase64(encoded);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(toHex(decoded.value)).toBe(toHex(bytes));
  });

  it('matches the platform encoder', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(bytes)).toBe(btoa(String.fromCharCode(...bytes)));
  });

  it('accepts unpadded, URL-safe and wrapped input', () => {
    expect(fromBase64('Zm8')).toEqual({ ok: true, value: utf8('fo') });
    expect(fromBase64('-_8=')).toEqual({ ok: true, value: new Uint8Array([0xfb, 0xff]) });
    expect(fromBase64(' Zm9v\nYmFy \r\n')).toEqual({ ok: true, value: utf8('foobar') });
  });

  it('explains what is wrong', () => {
    expect(fromBase64('Zm!v')).toEqual({
      ok: false,
      error:
        'Not valid base64: "!" at position 3 is not a base64 character (A-Z, a-z, 0-9, + and /, or - and _).',
    });
    expect(fromBase64('Zm9vY')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/cut off/),
    });
    expect(fromBase64('Zg=x')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/padding may only come at the end.*"x".*position 4/),
    });
    expect(fromBase64('Zg=')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/group of 4/),
    });
    expect(fromBase64('Zm9v=')).toMatchObject({ ok: false });
    expect(fromBase64('Zm\u0000')).toMatchObject({
      ok: false,
      error: expect.stringContaining('U+0000 at position 3'),
    });
    expect(fromBase64('Zmé=')).toMatchObject({ ok: false, error: expect.stringContaining('"é"') });
  });
});

describe('hex', () => {
  it('round-trips', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = toHex(bytes);
    expect(hex.slice(0, 8)).toBe('00010203');
    expect(hex.endsWith('feff')).toBe(true);
    expect(fromHex(hex)).toEqual({ ok: true, value: bytes });
    expect(toHex(new Uint8Array())).toBe('');
    expect(fromHex('')).toEqual({ ok: true, value: new Uint8Array() });
  });

  it('accepts either case and whitespace', () => {
    expect(fromHex('48 65\n6C 6c\t6F')).toEqual({ ok: true, value: utf8('Hello') });
  });

  it('names the first bad character and its position', () => {
    expect(fromHex('48 6g')).toEqual({
      ok: false,
      error: 'Not valid hex: "g" at position 5 is not a hex digit (0-9, a-f).',
    });
    expect(fromHex('0x41')).toMatchObject({
      ok: false,
      error: expect.stringContaining('"x" at position 2'),
    });
  });

  it('refuses an odd number of digits', () => {
    expect(fromHex('abc')).toEqual({
      ok: false,
      error: 'Not valid hex: it has an odd number of hex digits (3); every byte needs two.',
    });
  });
});
