import { describe, expect, it } from 'vitest';
import { prepareBody } from './message-body';

describe('prepareBody', () => {
  it('sends a plain text body unchanged every time', () => {
    const r = prepareBody('hello', 'text');
    expect(r.ok && [r.value.body(1), r.value.body(2), r.value.templated]).toEqual([
      'hello',
      'hello',
      false,
    ]);
  });

  it('templates text bodies', () => {
    const r = prepareBody('#{{i}}', 'text');
    expect(r.ok && r.value.body(42)).toBe('#42');
  });

  it('checks a JSON template with the placeholders filled in, not as typed', () => {
    const r = prepareBody('{"n": {{i}}, "id": "{{uuid}}"}', 'json');
    expect(r.ok).toBe(true);
    expect(r.ok && JSON.parse(r.value.body(7) as string).n).toBe(7);
  });

  it('explains a JSON template that is not JSON once filled in', () => {
    const r = prepareBody('{"id": {{uuid}}}', 'json');
    expect(!r.ok && r.error).toMatch(
      /^With the placeholders filled in for message 1, the body is not JSON\. Not valid JSON: line 1, column \d+: .*Put \{\{uuid\}\} and \{\{now\}\} inside double quotes/,
    );
  });

  it('validates JSON without placeholders as typed', () => {
    const r = prepareBody('{"a":}', 'json');
    expect(!r.ok && r.error).toMatch(/^Not valid JSON: line 1, column 6/);
  });

  it('decodes binary bodies once and never templates them', () => {
    const r = prepareBody('00 ff', 'hex');
    expect(r.ok && r.value.body(1)).toEqual(new Uint8Array([0, 255]));
    expect(r.ok && r.value.body(1) === r.value.body(2)).toBe(true);
    const bad = prepareBody('AA{{i}}', 'base64');
    expect(!bad.ok && bad.error).toMatch(
      /Placeholders such as \{\{i\}\} only work in text and JSON bodies/,
    );
  });

  it('passes on warnings about unknown placeholders', () => {
    const r = prepareBody('{{nope}} {{i}}', 'text');
    expect(r.ok && r.value.warnings).toHaveLength(1);
  });
});
