import { describe, expect, it } from 'vitest';
import { headersFromArgs, parseSendArgs, type SendArgs } from './send';

function args(argv: string[]): SendArgs {
  const result = parseSendArgs(argv);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('parseSendArgs', () => {
  it('takes a destination and a body, with defaults', () => {
    expect(args(['/topic/a', 'hello'])).toEqual({
      destination: '/topic/a',
      body: 'hello',
      count: 1,
      ratePerSecond: undefined,
      headerLines: [],
      contentType: undefined,
      persistent: false,
      receipts: 'none',
      encoding: 'text',
      sequenceName: undefined,
      url: undefined,
      quiet: false,
    });
  });

  it('reads every option, in either --name value or --name=value form', () => {
    const a = args([
      '/queue/jobs',
      '{"n": {{i}}}',
      '--count',
      '10_000',
      '--rate=500',
      '--header',
      'x-a: 1',
      '--header=x-b:2',
      '--content-type',
      'application/json',
      '--persistent',
      '--receipt',
      '--encoding',
      'json',
      '--sequence',
      'x-seq',
      '--url',
      'ws://127.0.0.1:15724/ws',
      '--quiet',
    ]);
    expect(a).toMatchObject({
      count: 10_000,
      ratePerSecond: 500,
      headerLines: ['x-a: 1', 'x-b:2'],
      contentType: 'application/json',
      persistent: true,
      receipts: 'last',
      encoding: 'json',
      sequenceName: 'x-seq',
      url: 'ws://127.0.0.1:15724/ws',
      quiet: true,
    });
    expect(args(['/topic/a', 'x', '--receipt-every']).receipts).toBe('every');
  });

  it('accepts a body that looks like an option after --', () => {
    expect(args(['/topic/a', '--', '--not-an-option']).body).toBe('--not-an-option');
  });

  it.each([
    [['/topic/a'], /Give a destination and a body/],
    [['/topic/a', 'x', 'y'], /got 3 arguments/],
    [['/topic/a', 'x', '--count', '0'], /--count must be a whole number from 1 to 1000000/],
    [['/topic/a', 'x', '--count', '1000001'], /--count/],
    [['/topic/a', 'x', '--rate', '-3'], /--rate must be/],
    [['/topic/a', 'x', '--encoding', 'utf16'], /--encoding must be one of text, json, base64, hex/],
    [['/topic/a', 'x', '--url', 'http://h:15674/ws'], /--url: .*ws:\/\/h:15674\/ws/],
    [['/topic/a', 'x', '--bogus'], /Unknown option --bogus/],
    [['/topic/a', 'x', '--count'], /--count needs a value/],
    [['/topic/a', 'x', '--quiet=yes'], /--quiet takes no value/],
  ])('refuses %j', (argv, error) => {
    const result = parseSendArgs(argv);
    expect(!result.ok && result.error).toMatch(error);
  });
});

describe('headersFromArgs', () => {
  it('applies the dashboard header rules and names the offending --header', () => {
    const ok = headersFromArgs(
      args([
        '/topic/a',
        'x',
        '--header',
        'x-url: http://h:1',
        '--persistent',
        '--content-type',
        'text/plain',
      ]),
    );
    expect(ok).toEqual({
      ok: true,
      value: { 'content-type': 'text/plain', persistent: 'true', 'x-url': 'http://h:1' },
    });
    const bad = headersFromArgs(
      args(['/topic/a', 'x', '--header', 'x-a: 1', '--header', 'receipt: r']),
    );
    expect(!bad.ok && bad.error).toMatch(/^--header number 2: "receipt" cannot be set here/);
    const conflict = headersFromArgs(
      args(['/topic/a', 'x', '--header', 'persistent: true', '--persistent']),
    );
    expect(!conflict.ok && conflict.error).toMatch(
      /Persistent is set and the custom headers also set "persistent"/,
    );
  });
});
