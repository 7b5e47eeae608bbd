import { FrameImpl } from '@stomp/stompjs';
import { describe, expect, it } from 'vitest';
import { buildSendHeaders, formatHeaderLines, parseHeaderLines } from './headers';

function parsed(text: string) {
  const result = parseHeaderLines(text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function errorOf(result: { ok: true } | { ok: false; error: string }): string {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseHeaderLines', () => {
  it('splits each line at its first colon and drops only the one space after it', () => {
    expect(parsed('x-a: 1\nx-b:2\nx-c:  two spaces\n  x-d  : padded name')).toEqual({
      'x-a': '1',
      'x-b': '2',
      'x-c': ' two spaces',
      'x-d': 'padded name',
    });
  });

  it('ignores blank lines and accepts CRLF', () => {
    expect(parsed('\n  \r\nx-a: 1\r\n\r\nx-b: 2\n')).toEqual({ 'x-a': '1', 'x-b': '2' });
  });

  it('keeps colons in values', () => {
    expect(parsed('x-url: http://host:8080/a\nx-time: 12:30:00')).toEqual({
      'x-url': 'http://host:8080/a',
      'x-time': '12:30:00',
    });
  });

  it('turns \\n into a line break and \\\\ into a backslash', () => {
    expect(parsed('note: line 1\\nline 2\npath: C:\\\\temp\\\\new')).toEqual({
      note: 'line 1\nline 2',
      path: 'C:\\temp\\new',
    });
  });

  it('refuses unknown escapes and a trailing backslash, naming the line', () => {
    expect(errorOf(parseHeaderLines('ok: 1\npath: C:\\temp'))).toMatch(
      /^Line 2: in the value of "path", "\\t"/,
    );
    expect(errorOf(parseHeaderLines('path: C:\\xtemp'))).toMatch(
      /"\\x" at position 3 is not an escape/,
    );
    expect(errorOf(parseHeaderLines('x: end\\'))).toMatch(/^Line 1: .*lone backslash/);
  });

  it('refuses empty names and explains that a name cannot hold a colon', () => {
    const error = errorOf(parseHeaderLines('x-a: 1\n: value'));
    expect(error).toMatch(/^Line 2: the header name before the colon is empty/);
    expect(error).toMatch(/cannot contain a colon/);
    expect(errorOf(parseHeaderLines('\n\nno colon here'))).toMatch(
      /^Line 3: "no colon here" has no colon/,
    );
  });

  it('refuses a name with a backslash (stompjs does not escape names)', () => {
    expect(errorOf(parseHeaderLines('a\\cb: 1'))).toMatch(
      /^Line 1: the header name "a\\cb" contains a backslash/,
    );
  });

  it('refuses duplicate names, pointing at both lines', () => {
    expect(errorOf(parseHeaderLines('x-a: 1\n\nx-a: 2'))).toBe(
      'Line 3: the header "x-a" is already set on line 1. A header can be sent once; remove one of the two lines.',
    );
  });

  it.each([
    ['content-length', /computes content-length/],
    ['message-id', /RabbitMQ refuses message-id on SEND/],
    ['Destination', /use the Destination field/],
    ['receipt', /use the receipt option/],
    ['transaction', /does not send transactions/],
  ])('refuses the reserved header %s with its reason', (name, reason) => {
    const error = errorOf(parseHeaderLines(`x-ok: 1\n${name}: v`));
    expect(error).toMatch(new RegExp(`^Line 2: "${name}" cannot be set here: `));
    expect(error).toMatch(reason);
  });

  it('allows content-type', () => {
    expect(parsed('content-type: application/json')).toEqual({
      'content-type': 'application/json',
    });
  });

  it('reports every problem, one per line', () => {
    expect(errorOf(parseHeaderLines(': a\nreceipt: r\nok: 1')).split('\n')).toHaveLength(2);
  });

  it('round-trips through formatHeaderLines', () => {
    const headers = { a: 'x:y', b: 'one\ntwo', c: 'C:\\temp\\new', d: '\ttab \\n' };
    expect(parsed(formatHeaderLines(headers))).toEqual(headers);
  });
});

describe('stompjs header escaping (why values may contain ":" and line breaks)', () => {
  it('escapes ":", "\\" and line breaks in values on a STOMP 1.2 connection', () => {
    const frame = FrameImpl.marshall({
      command: 'SEND',
      headers: { destination: '/queue/a', 'x-v': 'a:b\\c\nd' },
      body: '',
      escapeHeaderValues: true,
    }) as string;
    expect(frame.split('\n')).toContain('x-v:a\\cb\\\\c\\nd');
  });

  it('sends values raw without escaping (STOMP 1.0/1.1), which is why 1.2 matters', () => {
    const frame = FrameImpl.marshall({
      command: 'SEND',
      headers: { 'x-v': 'a:b' },
      body: '',
      escapeHeaderValues: false,
    }) as string;
    expect(frame.split('\n')).toContain('x-v:a:b');
  });
});

describe('buildSendHeaders', () => {
  it('maps the quick fields to STOMP headers and keeps custom ones', () => {
    expect(
      buildSendHeaders(
        {
          contentType: 'application/json',
          persistent: true,
          replyTo: '/temp-queue/replies',
          expiration: '60000',
          priority: 5,
          correlationId: 'req-1',
        },
        { 'x-app': 'demo' },
      ),
    ).toEqual({
      ok: true,
      value: {
        'content-type': 'application/json',
        persistent: 'true',
        'reply-to': '/temp-queue/replies',
        expiration: '60000',
        priority: '5',
        'correlation-id': 'req-1',
        'x-app': 'demo',
      },
    });
  });

  it('treats empty strings and persistent: false as unset', () => {
    expect(buildSendHeaders({ contentType: '', priority: ' ', persistent: false }, {})).toEqual({
      ok: true,
      value: {},
    });
  });

  it.each(['256', '-1', '1.5', 'high', '1e2'])('refuses priority %s', (priority) => {
    expect(errorOf(buildSendHeaders({ priority }, {}))).toMatch(
      /^Priority: .*whole number from 0 to 255/,
    );
  });

  it('accepts priority 0 and 255', () => {
    expect(buildSendHeaders({ priority: 0 }, {}).ok).toBe(true);
    expect(buildSendHeaders({ priority: '255' }, {}).ok).toBe(true);
  });

  it.each(['-5', '1.5', '10s', '4294967296'])('refuses expiration %s', (expiration) => {
    expect(errorOf(buildSendHeaders({ expiration }, {}))).toMatch(/^Expiration: .*milliseconds/);
  });

  it('checks reply-to with validateReplyTo', () => {
    expect(errorOf(buildSendHeaders({ replyTo: '/temp-queue/a/b' }, {}))).toMatch(/^Reply-to: /);
  });

  it('refuses a quick field and a custom header setting the same header', () => {
    expect(errorOf(buildSendHeaders({ priority: 3 }, { Priority: '4' }))).toBe(
      'Priority is set and the custom headers also set "Priority". Keep one of the two.',
    );
    expect(
      errorOf(buildSendHeaders({ contentType: 'text/plain' }, { 'content-type': 'x' })),
    ).toMatch(/^Content type is set/);
  });

  it('applies the same rules to a custom header of exactly that name', () => {
    expect(errorOf(buildSendHeaders({}, { priority: 'urgent' }))).toMatch(
      /^Custom header "priority": /,
    );
    expect(errorOf(buildSendHeaders({}, { expiration: '-1' }))).toMatch(
      /^Custom header "expiration": /,
    );
    // Header names are case-sensitive: "Priority" is just a custom header to RabbitMQ.
    expect(buildSendHeaders({}, { Priority: 'urgent' }).ok).toBe(true);
  });

  it('normalises a custom priority so RabbitMQ can read it', () => {
    expect(buildSendHeaders({}, { priority: ' 7' })).toEqual({
      ok: true,
      value: { priority: '7' },
    });
  });
});
