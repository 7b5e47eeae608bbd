import { describe, expect, it } from 'vitest';
import {
  ConsumerTally,
  describeFirehoseOff,
  describeTally,
  describeTrace,
  paneTitle,
  traceFacts,
  watchDestination,
  watchTargetOf,
} from './firehose';

const TRACE_HEADERS = {
  'content-length': '5',
  user: 'guest',
  channel: '1',
  connection: '127.0.0.1:58238 -> 127.0.0.1:15694',
  vhost: 'v',
  redelivered: 'false',
  node: 'rabbit@localhost',
  exchange_name: '',
  'message-id': 'T_sub-0@@session@@1',
  destination: '/exchange/amq.rabbitmq.trace/deliver.w.x',
  subscription: 'sub-0',
};

describe('watchDestination', () => {
  it('builds deliver.<queue> and publish.<exchange> on the trace exchange', () => {
    expect(watchDestination({ kind: 'queue', queue: 'jobs' })).toEqual({
      ok: true,
      value: '/exchange/amq.rabbitmq.trace/deliver.jobs',
    });
    expect(watchDestination({ kind: 'exchange', exchange: 'orders' })).toEqual({
      ok: true,
      value: '/exchange/amq.rabbitmq.trace/publish.orders',
    });
  });

  it('keeps dots (they only add words that match literally) and escapes slashes', () => {
    expect(watchDestination({ kind: 'queue', queue: 'w.x' })).toMatchObject({
      value: '/exchange/amq.rabbitmq.trace/deliver.w.x',
    });
    expect(watchDestination({ kind: 'queue', queue: 'a/b' })).toMatchObject({
      value: '/exchange/amq.rabbitmq.trace/deliver.a%2Fb',
    });
    // The default exchange is "": publish. is its trace key.
    expect(watchDestination({ kind: 'exchange', exchange: '' })).toMatchObject({
      value: '/exchange/amq.rabbitmq.trace/publish.',
    });
  });

  it('refuses names with a * or # word: the topic binding would match other queues too', () => {
    const star = watchDestination({ kind: 'queue', queue: 'jobs.*' });
    expect(star.ok).toBe(false);
    if (!star.ok) expect(star.error).toContain('wildcard');
    expect(watchDestination({ kind: 'exchange', exchange: '#' }).ok).toBe(false);
    // Not a whole word: literal in a binding.
    expect(watchDestination({ kind: 'queue', queue: 'a*b.c#' }).ok).toBe(true);
    expect(watchDestination({ kind: 'queue', queue: '' }).ok).toBe(false);
  });

  it('round-trips through watchTargetOf, which ignores everything else', () => {
    expect(watchTargetOf('/exchange/amq.rabbitmq.trace/deliver.a%2Fb.c')).toEqual({
      kind: 'queue',
      queue: 'a/b.c',
    });
    expect(watchTargetOf('/exchange/amq.rabbitmq.trace/publish.amq.topic')).toEqual({
      kind: 'exchange',
      exchange: 'amq.topic',
    });
    expect(watchTargetOf('/exchange/amq.rabbitmq.trace/deliver.#')).toBeNull();
    expect(watchTargetOf('/exchange/amq.rabbitmq.trace/#')).toBeNull();
    expect(watchTargetOf('/queue/deliver.jobs')).toBeNull();
    expect(watchTargetOf('/exchange/amq.topic/deliver.jobs')).toBeNull();
  });
});

describe('traceFacts: mapping the trace headers into what a row shows', () => {
  it('reads who got a delivery', () => {
    const facts = traceFacts(TRACE_HEADERS.destination, TRACE_HEADERS);
    expect(facts).toEqual({
      event: 'deliver',
      connection: '127.0.0.1:58238 -> 127.0.0.1:15694',
      channel: '1',
      exchange: '',
      redelivered: false,
      user: 'guest',
      node: 'rabbit@localhost',
      vhost: 'v',
    });
    expect(describeTrace(facts!)).toBe('→ 127.0.0.1:58238 ch 1');
  });

  it('reads who published, and a redelivery', () => {
    const facts = traceFacts('/exchange/amq.rabbitmq.trace/publish.amq.topic', {
      ...TRACE_HEADERS,
      exchange_name: 'amq.topic',
      redelivered: 'true',
    });
    expect(facts).toMatchObject({ event: 'publish', exchange: 'amq.topic', redelivered: true });
    expect(describeTrace(facts!)).toBe('from 127.0.0.1:58238 ch 1');
  });

  it('is null for anything that is not a firehose copy', () => {
    expect(traceFacts('/topic/x', TRACE_HEADERS)).toBeNull();
    const without: Record<string, string> = { ...TRACE_HEADERS };
    delete without.connection;
    expect(traceFacts(TRACE_HEADERS.destination, without)).toBeNull();
  });
});

describe('ConsumerTally', () => {
  it('counts per connection and channel, most first, and clears', () => {
    const tally = new ConsumerTally();
    const a = { connection: '127.0.0.1:1 -> 127.0.0.1:9', channel: '1' };
    const b = { connection: '127.0.0.1:2 -> 127.0.0.1:9', channel: '1' };
    for (let i = 0; i < 10; i++) tally.record(i % 3 === 0 ? a : b);
    tally.record({ connection: a.connection, channel: '2' });
    tally.record({ channel: '1' });
    expect(tally.size).toBe(11);
    expect(tally.counts()).toEqual([
      { ...b, count: 6 },
      { ...a, count: 4 },
      { connection: a.connection, channel: '2', count: 1 },
    ]);
    expect(describeTally(tally.counts())).toBe(
      '127.0.0.1:2 ch 1: 6 · 127.0.0.1:1 ch 1: 4 · 127.0.0.1:1 ch 2: 1',
    );
    tally.clear();
    expect(tally.counts()).toEqual([]);
    expect(describeTally([])).toBe('no deliveries seen yet');
  });
});

describe('describeFirehoseOff', () => {
  it('names the cost and both ways to turn it on, for the vhost', () => {
    const off = describeFirehoseOff('/');
    expect(off.text).toContain('a copy of every message');
    expect(off.text).toContain('never turns it on');
    expect(off.command).toBe('rabbitmqctl trace_on -p /');
    expect(off.apiCall).toBe('PUT /api/vhosts/%2F {"tracing":true}');
    expect(describeFirehoseOff("it's here").command).toBe(
      `rabbitmqctl trace_on -p 'it'\\''s here'`,
    );
  });
});

describe('paneTitle', () => {
  it('names a watch pane by what it watches, any other pane by its destination', () => {
    expect(paneTitle('/exchange/amq.rabbitmq.trace/deliver.jobs.eu')).toBe('queue jobs.eu');
    expect(paneTitle('/exchange/amq.rabbitmq.trace/publish.orders')).toBe('exchange orders');
    expect(paneTitle('/queue/jobs')).toBe('/queue/jobs');
  });
});
