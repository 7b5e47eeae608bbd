import { describe, expect, it } from 'vitest';
import { captureHeaderLine } from './format';
import { describeCaptureProblems, parseCapture, parseCaptureInSlices } from './validate';

const header = captureHeaderLine({ id: 'sub-1', destination: '/topic/a.#' }, 0);
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ offsetMs: 0, routingKey: 'a.b', headers: {}, body: 'x', ...fields });
const file = (...lines: string[]) => lines.map((l) => `${l}\n`).join('');

function problemsOf(text: string, maxLineChars?: number) {
  const result = parseCapture(text, maxLineChars);
  if (result.ok) throw new Error('expected the capture to be refused');
  return result.problems;
}

describe('parseCapture refuses bad files, naming the line and field', () => {
  it.each([
    ['an empty file', '', 1, '', /empty/],
    ['a first line that is not JSON', file('hello', line({})), 1, '', /not JSON/],
    ['a message line that is not JSON', file(header, line({}), '{nope'), 3, '', /not JSON/],
    ['another kind of file', file('{"a":1}', line({})), 1, 'format', /not a stompwatch capture/],
    [
      'a version this dashboard does not read',
      file(header.replace('"version":1', '"version":2'), line({})),
      1,
      'version',
      /version 2 is not one this dashboard reads \(it reads 1\)/,
    ],
    [
      'a header without the pane destination',
      file(header.replace('"destination":"/topic/a.#"', '"destination":""'), line({})),
      1,
      'pane.destination',
      /./,
    ],
    ['a message without a body', file(header, line({ body: undefined })), 2, 'body', /missing/],
    ['a message with both bodies', file(header, line({ bodyBase64: 'AA==' })), 2, 'body', /both/],
    [
      'bad base64',
      file(header, line({ body: undefined, bodyBase64: 'AA!A' })),
      2,
      'bodyBase64',
      /Not valid base64/,
    ],
    [
      'a header that is not a string',
      file(header, line({ headers: { n: 5 } })),
      2,
      'headers.n',
      /string/,
    ],
    ['a negative offset', file(header, line({ offsetMs: -1 })), 2, 'offsetMs', /./],
    [
      'offsets out of order',
      file(header, line({ offsetMs: 50 }), line({ offsetMs: 10 })),
      3,
      'offsetMs',
      /earlier than the line before/,
    ],
    ['a missing routing key', file(header, line({ routingKey: undefined })), 2, 'routingKey', /./],
    [
      'a truncated last line',
      `${file(header, line({}))}{"offsetMs":5,"routingKey":"a`,
      3,
      '',
      /cut off/,
    ],
    ['a capture without messages', file(header), 2, '', /no messages/],
    [
      'a header name that cannot be sent',
      file(header, line({ headers: { 'a:b': '1' } })),
      2,
      'headers',
      /the header name "a:b" cannot be sent/,
    ],
  ])('%s', (_name, text, lineNo, field, message) => {
    const problems = problemsOf(text);
    expect(problems[0]).toMatchObject({ line: lineNo, field });
    expect(problems[0]!.message).toMatch(message);
  });

  it('refuses a huge line without parsing it', () => {
    const problems = problemsOf(file(header, line({ body: 'x'.repeat(5000) })), 1000);
    expect(problems[0]).toMatchObject({ line: 2, field: '' });
    expect(problems[0]!.message).toMatch(/5,0\d\d characters long; at most 1,000/);
  });

  it('lists every bad line, up to 20, and counts the rest', () => {
    const bad = Array.from({ length: 25 }, () => 'oops');
    const result = parseCapture(file(header, ...bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(20);
    expect(result.more).toBe(5);
    const text = describeCaptureProblems(result.problems, result.more);
    expect(text.split('\n')[0]).toBe('line 2: not JSON');
    expect(text).toMatch(/… and 5 more$/);
  });

  it('lists each routing key with the first line it is on', () => {
    const result = parseCapture(
      file(header, line({ routingKey: 'a' }), line({ routingKey: 'b' }), line({ routingKey: 'a' })),
    );
    expect(result.ok && [...result.value.routingKeys]).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
  });

  it('accepts CRLF line ends, blank lines and a last line without newline', () => {
    const result = parseCapture(`${header}\r\n${line({})}\r\n\r\n${line({ offsetMs: 3 })}`);
    expect(result.ok && result.value.messages.map((m) => m.line)).toEqual([2, 4]);
  });
});

describe('parseCaptureInSlices', () => {
  it('gives the same answer as parseCapture, yielding between slices', async () => {
    const lines = Array.from({ length: 1000 }, (_, k) => line({ offsetMs: k, body: `#${k}` }));
    const text = file(header, ...lines);
    const sliced = await parseCaptureInSlices(text, 0);
    expect(sliced).toEqual(parseCapture(text));
    expect(sliced.ok && sliced.value.messages).toHaveLength(1000);
    const bad = await parseCaptureInSlices(file(header, ...lines, 'oops'), 0);
    expect(bad.ok).toBe(false);
  });
});
