import { describe, expect, it } from 'vitest';
import {
  type Destination,
  formatDestination,
  parseDestination,
  validateReplyTo,
  validateSendDestination,
  validateSubscribeDestination,
} from './destination';
import { describeDestination } from './wording';

/** What RabbitMQ's `parse_endpoint` accepts, and the value it stands for. */
const PARSES: ReadonlyArray<readonly [input: string, value: Destination]> = [
  ['/topic/orders.#', { kind: 'topic', pattern: 'orders.#' }],
  ['/topic/a', { kind: 'topic', pattern: 'a' }],
  ['/topic/a..b', { kind: 'topic', pattern: 'a..b' }],
  ['/topic/.', { kind: 'topic', pattern: '.' }],
  ['/topic/a%2Fb', { kind: 'topic', pattern: 'a/b' }],
  ['/topic/%2F', { kind: 'topic', pattern: '/' }],
  ['/topic/commandes.été', { kind: 'topic', pattern: 'commandes.été' }],
  [
    '/exchange/amq.topic/orders.*',
    { kind: 'exchange', exchange: 'amq.topic', pattern: 'orders.*' },
  ],
  ['/exchange/logs', { kind: 'exchange', exchange: 'logs', pattern: '' }],
  ['/exchange/logs/', { kind: 'exchange', exchange: 'logs', pattern: '' }],
  ['/exchange/a%2Fb/c%2Fd', { kind: 'exchange', exchange: 'a/b', pattern: 'c/d' }],
  ['/exchange/amq.fanout', { kind: 'exchange', exchange: 'amq.fanout', pattern: '' }],
  ['/queue/jobs', { kind: 'queue', queue: 'jobs' }],
  ['/queue/orders.*', { kind: 'queue', queue: 'orders.*' }],
  ['/queue/my%2Fjobs', { kind: 'queue', queue: 'my/jobs' }],
  ['/queue/with space', { kind: 'queue', queue: 'with space' }],
  ['/amq/queue/jobs', { kind: 'amq-queue', queue: 'jobs' }],
  ['/amq/queue/amq.gen-xyz', { kind: 'amq-queue', queue: 'amq.gen-xyz' }],
  ['/temp-queue/replies', { kind: 'temp-queue', name: 'replies' }],
  ['/reply-queue/amq.gen-abc', { kind: 'reply-queue', queue: 'amq.gen-abc' }],
  // Everything after /reply-queue/ is the name, "/" included (generated names may contain it).
  ['/reply-queue/amq.gen-a/b+c==', { kind: 'reply-queue', queue: 'amq.gen-a/b+c==' }],
  // Only the exact upper-case %2F is decoded.
  ['/queue/a%2fb', { kind: 'queue', queue: 'a%2fb' }],
  ['/queue/a%20b', { kind: 'queue', queue: 'a%20b' }],
  ['/queue/100%25', { kind: 'queue', queue: '100%25' }],
  ['/queue/%2%2FF', { kind: 'queue', queue: '%2/F' }],
  // A bare name is a queue for RabbitMQ (the validators still ask for the prefix).
  ['jobs', { kind: 'queue', queue: 'jobs' }],
  ['a%2Fb', { kind: 'queue', queue: 'a/b' }],
];

/** What RabbitMQ refuses, with a word the error must contain. */
const REFUSED: ReadonlyArray<readonly [input: string, mentions: string]> = [
  ['', 'empty'],
  ['/', 'unknown destination type'],
  ['/foo/bar', '/topic/, /exchange/, /queue/, /amq/queue/, /temp-queue/ or /reply-queue/'],
  ['/topics/a', 'unknown destination type'],
  ['/Topic/a', 'write /topic/a'],
  ['/QUEUE/jobs', 'write /queue/jobs'],
  ['topic/a', 'write /topic/a'],
  ['//queue/jobs', 'unknown destination type'],
  ['/amq/topic/x', '/amq/queue/NAME'],
  ['/amq/queue', 'queue name is missing'],
  ['/amq/queue/', 'queue name is missing'],
  ['/topic', 'routing key is missing'],
  ['/topic/', '/exchange/amq.topic'],
  ['/topic//', 'routing key is missing'],
  ['/queue', 'queue name is missing'],
  ['/queue/', 'queue name is missing'],
  ['/queue/jobs/', 'trailing "/": write /queue/jobs'],
  ['/queue//jobs', 'extra "/": write /queue/jobs'],
  ['/queue/a/b', '(e.g. /queue/a%2Fb)'],
  ['/temp-queue/', 'temporary queue name is missing'],
  ['/temp-queue/a/b', '%2F'],
  ['/reply-queue', 'reply queue name is missing'],
  ['/reply-queue/', 'reply queue name is missing'],
  ['/exchange', 'exchange name is missing'],
  ['/exchange/', 'exchange name is missing'],
  ['/exchange//key', 'default exchange cannot be named'],
  ['/exchange/logs//', 'write /exchange/logs.'],
  ['/exchange/logs/a/b', '/exchange/logs/a%2Fb'],
  ['/exchange/logs/a.b/', 'trailing "/": write /exchange/logs/a.b'],
];

describe('parseDestination', () => {
  it.each(PARSES)('parses %j', (input, value) => {
    expect(parseDestination(input)).toEqual({ ok: true, value });
  });

  it.each(REFUSED)('refuses %j, mentioning %j', (input, mentions) => {
    const result = parseDestination(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(mentions);
  });

  it('explains a "/" inside a routing key in the words the UI shows', () => {
    expect(parseDestination('/topic/a/b')).toEqual({
      ok: false,
      error:
        '"/topic/a/b": a "/" inside a routing key must be written %2F (e.g. /topic/a%2Fb), or use "." to separate words: /topic/a.b',
    });
  });
});

describe('formatDestination', () => {
  it.each(PARSES)('round-trips %j through format and parse', (input) => {
    const parsed = parseDestination(input);
    if (!parsed.ok) throw new Error(parsed.error);
    const text = formatDestination(parsed.value);
    expect(parseDestination(text)).toEqual(parsed);
    expect(formatDestination(parsed.value)).toBe(text);
  });

  it.each<readonly [Destination, string]>([
    [{ kind: 'topic', pattern: 'orders.#' }, '/topic/orders.#'],
    [{ kind: 'topic', pattern: 'a/b' }, '/topic/a%2Fb'],
    [{ kind: 'topic', pattern: '' }, '/exchange/amq.topic'],
    [{ kind: 'exchange', exchange: 'logs', pattern: '' }, '/exchange/logs'],
    [{ kind: 'exchange', exchange: 'a/b', pattern: 'c/d.#' }, '/exchange/a%2Fb/c%2Fd.#'],
    [{ kind: 'queue', queue: 'jobs/urgent' }, '/queue/jobs%2Furgent'],
    [{ kind: 'amq-queue', queue: 'jobs' }, '/amq/queue/jobs'],
    [{ kind: 'temp-queue', name: 'r/1' }, '/temp-queue/r%2F1'],
    [{ kind: 'reply-queue', queue: 'amq.gen-a/b==' }, '/reply-queue/amq.gen-a/b=='],
  ])('writes %j as %j and parses it back', (value, text) => {
    expect(formatDestination(value)).toBe(text);
    const back = parseDestination(text);
    if (value.kind === 'topic' && value.pattern === '') {
      expect(back).toEqual({
        ok: true,
        value: { kind: 'exchange', exchange: 'amq.topic', pattern: '' },
      });
    } else {
      expect(back).toEqual({ ok: true, value });
    }
  });
});

type Expectation = 'ok' | 'warn' | string;

/** [input, SUBSCRIBE, SEND]: 'ok', 'warn' (ok with warnings) or a text the error must contain. */
const VALIDATION: ReadonlyArray<
  readonly [input: string, subscribe: Expectation, send: Expectation]
> = [
  ['/topic/orders.#', 'ok', 'warn'],
  ['/topic/orders.created', 'ok', 'ok'],
  ['/topic/a%2Fb', 'ok', 'ok'],
  ['/exchange/amq.topic/orders.*', 'ok', 'warn'],
  ['/exchange/logs', 'ok', 'ok'],
  ['/exchange/amq.fanout', 'ok', 'ok'],
  ['/exchange/amq.fanout/ignored', 'warn', 'ok'],
  ['/exchange/amq.direct/a.*', 'warn', 'warn'],
  ['/exchange/amq.topic', 'warn', 'ok'],
  ['/queue/jobs', 'ok', 'ok'],
  ['/queue/orders.*', 'warn', 'ok'],
  ['/queue/amq.jobs', 'warn', 'warn'],
  ['/amq/queue/jobs', 'ok', 'ok'],
  ['/amq/queue/amq.gen-1', 'ok', 'ok'],
  ['/topic/orders*', 'warn', 'warn'],
  ['/queue/a%2fb', 'warn', 'warn'],
  ['/reply-queue/amq.gen-1', 'exclusive', 'ok'],
  ['/temp-queue/r', 'reply-to header', 'reply-to header'],
  ['', 'The destination is empty', 'The destination is empty'],
  ['   ', 'only whitespace', 'only whitespace'],
  [' /topic/a', 'write "/topic/a"', 'write "/topic/a"'],
  ['/topic/a ', 'write "/topic/a"', 'write "/topic/a"'],
  ['/topic/ a', 'write /topic/a', 'write /topic/a'],
  ['/exchange/ logs/x', 'write /exchange/logs/x', 'write /exchange/logs/x'],
  ['/queue/jobs\u00a0', 'whitespace', 'whitespace'],
  ['/topic/a\nb', 'a line break (\\n) at position 9', 'line break'],
  ['/topic/a\rb', 'carriage return', 'carriage return'],
  ['/queue/a\u0000', 'a NUL character', 'NUL'],
  ['/queue/a\tb', 'a tab', 'a tab'],
  ['/queue/a\u001bb', 'U+001B', 'U+001B'],
  ['/queue/a\ud800', 'unpaired UTF-16 surrogate', 'unpaired UTF-16 surrogate'],
  ['jobs', 'RabbitMQ would read a bare name as the queue /queue/jobs', '/topic/jobs'],
  ['/topic/a/b', 'must be written %2F', 'must be written %2F'],
  ['/foo/a', 'unknown destination type', 'unknown destination type'],
  ['/queue/', 'queue name is missing', 'queue name is missing'],
  [`/topic/${'a'.repeat(255)}`, 'ok', 'ok'],
  [`/topic/${'a'.repeat(256)}`, 'the binding pattern is 256 bytes', 'the routing key is 256 bytes'],
  [
    `/exchange/x/${'ab.'.repeat(100)}`,
    'the binding pattern is 300 bytes',
    'the routing key is 300 bytes',
  ],
  [
    `/queue/${'é'.repeat(128)}`,
    'the queue name is 256 bytes in UTF-8',
    'the queue name is 256 bytes',
  ],
  [`/queue/${'é'.repeat(127)}a`, 'ok', 'ok'],
  [
    `/exchange/${'x'.repeat(256)}/a`,
    'the exchange name is 256 bytes',
    'the exchange name is 256 bytes',
  ],
  // 255 decoded bytes, although the destination text is longer.
  [`/topic/${'%2F'.repeat(255)}`, 'ok', 'ok'],
];

function expectCheck(result: ReturnType<typeof validateSendDestination>, expected: Expectation) {
  if (expected === 'ok') {
    expect(result).toMatchObject({ ok: true, warnings: [] });
  } else if (expected === 'warn') {
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings.length).toBeGreaterThan(0);
  } else {
    expect(result.ok, JSON.stringify(result)).toBe(false);
    expect(!result.ok && result.error).toContain(expected);
  }
}

describe('validateSubscribeDestination and validateSendDestination', () => {
  it.each(VALIDATION)('%j: SUBSCRIBE %j, SEND %j', (input, subscribe, send) => {
    expectCheck(validateSubscribeDestination(input), subscribe);
    expectCheck(validateSendDestination(input), send);
  });

  it('warns that a routing key with wildcards is literal on SEND', () => {
    expect(validateSendDestination('/exchange/events/orders.*')).toEqual({
      ok: true,
      value: { kind: 'exchange', exchange: 'events', pattern: 'orders.*' },
      warnings: [
        'On SEND, "*" and "#" are not wildcards: the message is published with the literal routing key "orders.*" and reaches only subscriptions whose pattern matches that exact text (such as # or orders.*).',
      ],
    });
  });

  it('points a SUBSCRIBE to /temp-queue/ at the reply-to header and at real alternatives', () => {
    const result = validateSubscribeDestination('/temp-queue/replies');
    expect(result).toEqual({
      ok: false,
      error:
        '"/temp-queue/replies": /temp-queue/ only works as the reply-to header of a SEND; RabbitMQ then creates a private queue and delivers the replies to this connection without a SUBSCRIBE. To receive messages, subscribe to /queue/replies (shared) or /topic/replies (a copy for each subscriber).',
    });
  });

  it('shortens a very long destination in its error', () => {
    const result = validateSendDestination(`/topic/${'a'.repeat(300)}`);
    expect(!result.ok && result.error.length).toBeLessThan(200);
  });

  it('lists every escape RabbitMQ leaves alone in one warning', () => {
    const result = validateSubscribeDestination('/queue/a%20b%2fc%2Fd');
    expect(result).toMatchObject({ ok: true, value: { kind: 'queue', queue: 'a%20b%2fc/d' } });
    expect(result.ok && result.warnings).toEqual([
      'RabbitMQ decodes only "%2F" (upper-case) in a destination; "%20", "%2f" stay as literal text in the name. Write %2F for a "/".',
    ]);
  });
});

describe('validateReplyTo', () => {
  it.each([
    ['/temp-queue/replies', 'ok'],
    ['/queue/replies', 'ok'],
    ['/reply-queue/amq.gen-1', 'ok'],
    ['/temp-queue/', 'temporary queue name is missing'],
    ['/temp-queue/a/b', '%2F'],
    ['replies', 'a destination starts with "/"'],
  ] as const)('%j: %j', (input, expected) => {
    expectCheck(validateReplyTo(input), expected);
  });
});

describe('describeDestination', () => {
  const describe_ = (input: string, role?: 'subscribe' | 'send' | 'reply-to') => {
    const parsed = parseDestination(input);
    if (!parsed.ok) throw new Error(parsed.error);
    return describeDestination(parsed.value, role);
  };

  it('tells fan-out from competing consumers on SUBSCRIBE', () => {
    expect(describe_('/topic/orders.#')).toBe(
      'a private queue per subscriber bound to amq.topic with pattern orders.# (fan-out: every subscriber gets a copy)',
    );
    expect(describe_('/queue/jobs')).toBe(
      'the shared durable queue jobs, declared if missing (competing consumers: subscribers split the messages)',
    );
    expect(describe_('/amq/queue/jobs')).toContain('must already exist');
    expect(describe_('/exchange/amq.fanout')).toBe(
      'a private queue per subscriber bound to the fanout exchange amq.fanout (fan-out: every subscriber gets a copy)',
    );
    expect(describe_('/exchange/logs')).toContain('with pattern "" (empty)');
  });

  it('describes what a SEND does', () => {
    expect(describe_('/topic/orders.created', 'send')).toBe(
      'publishes to amq.topic with routing key orders.created: every subscription whose pattern matches gets a copy',
    );
    expect(describe_('/queue/jobs', 'send')).toContain('one subscriber gets each message');
    expect(describe_('/temp-queue/r', 'send')).toContain('not a SEND target');
    expect(describe_('/temp-queue/r', 'reply-to')).toContain(
      'replies come back to this connection',
    );
  });

  it('has a description for every kind and role', () => {
    for (const [input] of PARSES) {
      for (const role of ['subscribe', 'send', 'reply-to'] as const) {
        expect(describe_(input, role).length).toBeGreaterThan(10);
      }
    }
  });
});
