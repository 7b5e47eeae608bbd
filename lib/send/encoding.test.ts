import { describe, expect, it } from 'vitest';
import { checkJsonBody, encodeBody, isJsonContentType } from './encoding';

function jsonError(text: string): string {
  const result = checkJsonBody(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be invalid`);
  return result.error;
}

describe('encodeBody', () => {
  it('sends text as typed', () => {
    expect(encodeBody('héllo {{i}}', 'text')).toEqual({ ok: true, value: 'héllo {{i}}' });
  });

  it('sends valid JSON exactly as typed', () => {
    const text = '{ "id": 12345678901234567890 }';
    expect(encodeBody(text, 'json')).toEqual({ ok: true, value: text });
  });

  it('refuses invalid JSON with line and column', () => {
    expect(encodeBody('{"a":}', 'json')).toEqual({
      ok: false,
      error: 'Not valid JSON: line 1, column 6: expected a value, found "}".',
    });
  });

  it('decodes base64 and hex into binary bodies', () => {
    expect(encodeBody('SGk=', 'base64')).toEqual({ ok: true, value: new Uint8Array([72, 105]) });
    expect(encodeBody('48 69 00', 'hex')).toEqual({
      ok: true,
      value: new Uint8Array([72, 105, 0]),
    });
  });

  it('reports bad base64 and hex in plain words', () => {
    const b = encodeBody('SG!k', 'base64');
    expect(!b.ok && b.error).toMatch(/^Not valid base64: "!" at position 3/);
    const h = encodeBody('4g', 'hex');
    expect(!h.ok && h.error).toMatch(/^Not valid hex: "g" at position 2/);
  });
});

describe('isJsonContentType', () => {
  it.each([
    'application/json',
    'Application/JSON',
    'application/json; charset=utf-8',
    'application/problem+json',
    'application/vnd.api+json;v=2',
  ])('%s is JSON', (ct) => expect(isJsonContentType(ct)).toBe(true));

  it.each(['text/plain', 'application/jsonp', 'application/json-seq', '+json', 'text/x-json', ''])(
    '%s is not JSON',
    (ct) => expect(isJsonContentType(ct)).toBe(false),
  );
});

describe('checkJsonBody', () => {
  it('accepts any JSON value, with or without a byte-order mark', () => {
    for (const text of [
      '{}',
      '[1, 2.5e3, -0, "x\\u00e9"]',
      ' "str" ',
      'null',
      '\ufeff{"a": [true, false]}',
    ]) {
      expect(checkJsonBody(text)).toEqual({ ok: true });
    }
  });

  it('points at a trailing comma', () => {
    expect(jsonError('{\n  "a": 1,\n}')).toBe(
      'Not valid JSON: line 2, column 9: a trailing comma before "}" is not allowed in JSON; remove the comma.',
    );
    expect(jsonError('[1,2,]')).toMatch(/column 5: a trailing comma before "\]"/);
  });

  it('explains the usual mistakes', () => {
    expect(jsonError("{'a': 1}")).toMatch(/column 2: property names use double quotes/);
    expect(jsonError('{a: 1}')).toMatch(
      /column 2: property names must be in double quotes: write "a"/,
    );
    expect(jsonError('{"a": \'x\'}')).toMatch(/column 7: JSON strings use double quotes/);
    expect(jsonError('{"a": 1 "b": 2}')).toMatch(
      /column 9: expected "," or "}", found """. A comma is probably missing/,
    );
    expect(jsonError('{"a": undefined}')).toMatch(/undefined is not a JSON value/);
    expect(jsonError('{"a": True}')).toMatch(/write true in lower case/);
    expect(jsonError('[01]')).toMatch(/leading zeros/);
    expect(jsonError('{"a": 1} // note')).toMatch(/comments are not allowed/);
    expect(jsonError('{"a": 1}{"b": 2}')).toMatch(
      /column 9: the JSON value is complete, but "{" follows it/,
    );
    expect(jsonError('')).toMatch(/the body is empty/);
  });

  it('finds errors on later lines and in unclosed strings and containers', () => {
    expect(jsonError('{\n  "a": [1,\n    2\n  ,\n')).toMatch(
      /^Not valid JSON: line 5, column 1: the text ends where a value was expected/,
    );
    expect(jsonError('{"a": "open')).toMatch(/line 1, column 7: this string is never closed/);
    expect(jsonError('{"a": [1, 2]')).toMatch(/an object is still open; add "}"/);
    expect(jsonError('{"a": "x\ny"}')).toMatch(/line 1, column 9: a line break inside a string/);
  });

  it('copes with deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999);
    expect(jsonError(deep)).toMatch(/an array is still open/);
  });
});
