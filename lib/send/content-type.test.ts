import { describe, expect, it } from 'vitest';
import { bodyCheckFor, chooseContentType, withDefaultContentType } from './content-type';
import { buildSendHeaders } from './headers';
import { prepareBody } from './message-body';

describe('chooseContentType', () => {
  it('follows the encoding when nothing is set', () => {
    expect(chooseContentType('text', '', {})).toEqual({ source: 'default', value: 'text/plain' });
    expect(chooseContentType('json', '', {})).toEqual({
      source: 'default',
      value: 'application/json',
    });
    expect(chooseContentType('base64', '', {}).value).toBe('application/octet-stream');
    expect(chooseContentType('hex', '  ', {}).value).toBe('application/octet-stream');
  });

  it('keeps what the user typed in the field, trimmed', () => {
    expect(chooseContentType('hex', ' image/png ', {})).toEqual({
      source: 'field',
      value: 'image/png',
    });
    expect(chooseContentType('text', 'text/csv; charset=utf-8', {}).value).toBe(
      'text/csv; charset=utf-8',
    );
  });

  it('leaves a content-type set in the custom headers alone, in any letter case', () => {
    expect(chooseContentType('json', '', { 'Content-Type': 'application/vnd.x+json' })).toEqual({
      source: 'headers',
      value: 'application/vnd.x+json',
    });
  });

  it('prefers the field over a custom header (buildSendHeaders then reports the clash)', () => {
    expect(chooseContentType('text', 'text/csv', { 'content-type': 'text/html' }).source).toBe(
      'field',
    );
  });
});

describe('bodyCheckFor', () => {
  it('sends a plain-text body as typed under text/plain', () => {
    const check = bodyCheckFor('text', chooseContentType('text', '', {}).value);
    expect(check).toBe('text');
    const body = prepareBody('Thomas est une b*te au Tetris...', check);
    expect(body.ok && body.value.body(1)).toBe('Thomas est une b*te au Tetris...');
  });

  it('checks a body as JSON when it goes out labelled JSON', () => {
    expect(bodyCheckFor('json', 'application/json')).toBe('json');
    expect(bodyCheckFor('text', 'application/problem+json')).toBe('json');
    const refused = prepareBody('not json', bodyCheckFor('text', 'application/json'));
    expect(!refused.ok && refused.error).toMatch(/^Not valid JSON/);
  });

  it('never turns binary encodings into a JSON check', () => {
    expect(bodyCheckFor('hex', 'application/json')).toBe('hex');
    expect(bodyCheckFor('base64', 'application/json')).toBe('base64');
  });
});

describe('withDefaultContentType', () => {
  it("fills in the encoding's default and keeps the other quick fields", () => {
    const { quick, contentType } = withDefaultContentType('hex', { persistent: true }, {});
    expect(contentType.source).toBe('default');
    expect(buildSendHeaders(quick, {})).toEqual({
      ok: true,
      value: { 'content-type': 'application/octet-stream', persistent: 'true' },
    });
  });

  it('keeps a typed content-type', () => {
    const { quick } = withDefaultContentType('text', { contentType: 'text/csv' }, {});
    expect(buildSendHeaders(quick, {})).toEqual({
      ok: true,
      value: { 'content-type': 'text/csv' },
    });
  });

  it('adds no second content-type beside a custom one', () => {
    const custom = { 'Content-Type': 'text/html' };
    const { quick } = withDefaultContentType('text', { contentType: '' }, custom);
    expect(buildSendHeaders(quick, custom)).toEqual({
      ok: true,
      value: { 'Content-Type': 'text/html' },
    });
  });
});
