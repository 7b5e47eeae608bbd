import { describe, expect, it } from 'vitest';
import type { PaneConfig } from '../panes/pane-config';
import { type DeliveryGroup, type PredictOptions, predictDelivery } from './predict';
import type { ExchangeType } from './exchange-types';
import { type PaneLike, type PaneQueueOptions, queueSharing, toPaneLike } from './queue-model';
import { expectedCounts } from './expected-counts';
import { summarizePrediction } from './wording';

/** A pane labelled by its key, with its own connection unless `conn` says otherwise. */
function pane(
  key: string,
  destination: string,
  extra: { id?: string; conn?: string; queue?: PaneQueueOptions } = {},
): PaneLike {
  return {
    key,
    label: key,
    subscriptionId: extra.id ?? `sub-${key}`,
    destination,
    connectionKey: extra.conn ?? `conn-${key}`,
    ...(extra.queue ? { queue: extra.queue } : {}),
  };
}

type Scenario = {
  name: string;
  panes: PaneLike[];
  send: string;
  options?: PredictOptions;
  /** Expected groups: kind, pane keys and (optionally) the queue shown. */
  groups: ReadonlyArray<readonly [kind: DeliveryGroup['kind'], paneKeys: string[], queue?: string]>;
  notReached: string[];
  exchange?: string;
  routingKey?: string;
  exchangeType?: ExchangeType;
  certain?: boolean;
  /** A piece of text the reason for the pane (group reason or not-reached reason) contains. */
  reasons?: Record<string, string>;
  /** Pieces of text, each found in some caveat. */
  caveats?: string[];
  /** No caveat at all. */
  noCaveats?: boolean;
  /** Pieces of text, each found in some warning (a caveat that means messages would be lost); none else. */
  warnings?: string[];
};

const SCENARIOS: Scenario[] = [
  {
    name: 'topic fan-out: every matching subscription has its own queue',
    panes: [pane('A', '/topic/orders.#'), pane('B', '/topic/orders.*')],
    send: '/topic/orders.eu',
    groups: [
      ['copy', ['A'], 'private queue of A'],
      ['copy', ['B'], 'private queue of B'],
    ],
    notReached: [],
    exchange: 'amq.topic',
    routingKey: 'orders.eu',
    exchangeType: 'topic',
    certain: true,
    reasons: { A: 'pattern orders.# matches orders.eu', B: 'pattern orders.* matches orders.eu' },
    noCaveats: true,
  },
  {
    name: '* matches exactly one word, # any number',
    panes: [pane('A', '/topic/orders.*'), pane('B', '/topic/orders.#')],
    send: '/topic/orders.eu.paid',
    groups: [['copy', ['B']]],
    notReached: ['A'],
    reasons: {
      A: 'pattern orders.* does not match orders.eu.paid: * matches exactly one word, # matches any number of words',
    },
  },
  {
    name: '# matches zero words, * does not',
    panes: [pane('A', '/topic/orders.#'), pane('B', '/topic/orders.*')],
    send: '/topic/orders',
    groups: [['copy', ['A']]],
    notReached: ['B'],
    reasons: { B: 'pattern orders.* does not match orders' },
  },
  {
    name: 'empty words count: a..c is three words',
    panes: [pane('A', '/topic/a.*.c'), pane('B', '/topic/a.c'), pane('C', '/topic/a.#.c')],
    send: '/topic/a..c',
    groups: [
      ['copy', ['A']],
      ['copy', ['C']],
    ],
    notReached: ['B'],
  },
  {
    name: 'queue round-robin: subscribers of one /queue/ take turns',
    panes: [pane('A', '/queue/jobs'), pane('B', '/queue/jobs')],
    send: '/queue/jobs',
    groups: [['round-robin', ['A', 'B'], 'jobs']],
    notReached: [],
    exchange: '',
    routingKey: 'jobs',
    exchangeType: 'direct',
    reasons: { A: 'A and B consume the same queue jobs, so they take turns' },
    noCaveats: true,
  },
  {
    name: 'a single /queue/ consumer gets every message',
    panes: [pane('A', '/queue/jobs')],
    send: '/queue/jobs',
    groups: [['copy', ['A'], 'jobs']],
    notReached: [],
    reasons: { A: 'the only consumer of queue jobs' },
  },
  {
    name: '/amq/queue/Q and /queue/Q consume the same queue',
    panes: [pane('A', '/queue/jobs'), pane('B', '/amq/queue/jobs')],
    send: '/amq/queue/jobs',
    groups: [['round-robin', ['A', 'B'], 'jobs']],
    notReached: [],
  },
  {
    name: '/reply-queue/Q publishes to queue Q through the default exchange',
    panes: [pane('A', '/amq/queue/amq.gen-1'), pane('B', '/amq/queue/other')],
    send: '/reply-queue/amq.gen-1',
    groups: [['copy', ['A']]],
    notReached: ['B'],
    exchange: '',
    reasons: { B: 'it consumes queue other, but the message goes to queue amq.gen-1' },
  },
  {
    name: 'mixed: fan-out, a shared x-queue-name queue, and a miss',
    panes: [
      pane('A', '/topic/orders.#'),
      pane('B', '/exchange/amq.topic/orders.*.paid'),
      pane('C', '/topic/orders.#', { queue: { queueName: 'jobs' } }),
      pane('D', '/topic/orders.us.*', { queue: { queueName: 'jobs' } }),
      pane('E', '/topic/orders.eu.*'),
    ],
    send: '/topic/orders.us.paid',
    groups: [
      ['copy', ['A']],
      ['copy', ['B']],
      ['round-robin', ['C', 'D'], 'jobs'],
    ],
    notReached: ['E'],
    reasons: {
      C: '2 of its bindings match; a queue still gets each message once',
      E: 'pattern orders.eu.* does not match orders.us.paid',
    },
    noCaveats: true,
  },
  {
    name: 'SEND to /topic/ does not reach /queue/ panes',
    panes: [pane('A', '/queue/orders.eu'), pane('B', '/topic/orders.eu')],
    send: '/topic/orders.eu',
    groups: [['copy', ['B']]],
    notReached: ['A'],
    reasons: { A: 'bound only to the default exchange (by its name)' },
  },
  {
    name: 'SEND to /queue/ does not reach /topic/ panes with the same text',
    panes: [pane('A', '/topic/jobs')],
    send: '/queue/jobs',
    groups: [],
    notReached: ['A'],
    reasons: {
      A: 'its queue is bound to amq.topic with pattern jobs; a SEND to /queue/jobs goes through the default exchange straight to queue jobs',
    },
    caveats: ['No pane consumes queue jobs: the messages wait in it'],
    warnings: [],
  },
  {
    name: 'SEND to /queue/Q reaches a queue named Q by x-queue-name',
    panes: [
      pane('A', '/topic/orders.#', {
        queue: { queueName: 'jobs', durable: true, autoDelete: false },
      }),
    ],
    send: '/queue/jobs',
    groups: [['copy', ['A'], 'jobs']],
    notReached: [],
    reasons: { A: 'the default exchange delivers routing key jobs to the queue of that name' },
    noCaveats: true,
  },
  {
    name: 'SEND to /queue/Q re-declares Q durable: a non-durable x-queue-name Q makes it fail',
    panes: [pane('A', '/topic/orders.#', { queue: { queueName: 'jobs' } })],
    send: '/queue/jobs',
    groups: [['copy', ['A'], 'jobs']],
    notReached: [],
    caveats: ['closes the sending connection', 'Send to /amq/queue/jobs'],
    warnings: ['closes the sending connection'],
  },
  {
    name: 'x-queue-name shared by two /topic/ subscriptions on different connections',
    panes: [
      pane('A', '/topic/orders.#', { queue: { queueName: 'shared' } }),
      pane('B', '/topic/orders.#', { queue: { queueName: 'shared' } }),
    ],
    send: '/topic/orders.eu',
    groups: [['round-robin', ['A', 'B'], 'shared']],
    notReached: [],
    noCaveats: true,
  },
  {
    name: 'x-queue-name on /exchange/ is exclusive by default: other connections are refused',
    panes: [
      pane('A', '/exchange/amq.topic/orders.#', { queue: { queueName: 'shared' } }),
      pane('B', '/exchange/amq.topic/orders.#', { queue: { queueName: 'shared' } }),
    ],
    send: '/topic/orders.eu',
    groups: [['round-robin', ['A', 'B'], 'shared']],
    notReached: [],
    caveats: ['is exclusive (declared so by A and B)', 'RESOURCE_LOCKED', 'exclusive:false'],
    warnings: ['RESOURCE_LOCKED'],
  },
  {
    name: 'x-queue-name on /exchange/ on one shared connection: no exclusivity problem',
    panes: [
      pane('A', '/exchange/amq.topic/orders.#', { conn: 'shared', queue: { queueName: 'q' } }),
      pane('B', '/exchange/amq.topic/orders.#', { conn: 'shared', queue: { queueName: 'q' } }),
    ],
    send: '/topic/orders.eu',
    groups: [['round-robin', ['A', 'B'], 'q']],
    notReached: [],
    noCaveats: true,
  },
  {
    name: 'durable subscriptions with the same id on different connections share one queue',
    panes: [
      pane('A', '/topic/audit.#', { id: 'audit', queue: { durable: true, autoDelete: false } }),
      pane('B', '/topic/audit.#', { id: 'audit', queue: { durable: true, autoDelete: false } }),
    ],
    send: '/topic/audit.login',
    groups: [['round-robin', ['A', 'B'], 'durable queue of subscription audit for audit.#']],
    notReached: [],
    reasons: { A: 'durable subscriptions with the same id and pattern' },
    noCaveats: true,
  },
  {
    name: 'durable subscriptions with different ids have separate queues',
    panes: [
      pane('A', '/topic/audit.#', { id: 'audit-1', queue: { durable: true, autoDelete: false } }),
      pane('B', '/topic/audit.#', { id: 'audit-2', queue: { durable: true, autoDelete: false } }),
    ],
    send: '/topic/audit.login',
    groups: [
      ['copy', ['A'], 'durable queue of subscription audit-1 for audit.#'],
      ['copy', ['B'], 'durable queue of subscription audit-2 for audit.#'],
    ],
    notReached: [],
  },
  {
    name: 'durable subscriptions with the same id but different patterns have separate queues',
    panes: [
      pane('A', '/topic/audit.#', { id: 'audit', queue: { durable: true } }),
      pane('B', '/topic/audit.*', { id: 'audit', queue: { durable: true } }),
    ],
    send: '/topic/audit.login',
    groups: [
      ['copy', ['A']],
      ['copy', ['B']],
    ],
    notReached: [],
  },
  {
    name: 'the durable name ignores auto-delete: durable:true alone already shares by id',
    panes: [
      pane('A', '/topic/audit.#', { id: 'audit', queue: { durable: true } }),
      pane('B', '/topic/audit.#', { id: 'audit', queue: { durable: true } }),
    ],
    send: '/topic/audit.login',
    groups: [['round-robin', ['A', 'B']]],
    notReached: [],
    noCaveats: true,
  },
  {
    name: 'non-durable subscriptions with the same id have separate queues (name is random)',
    panes: [
      pane('A', '/topic/audit.#', { id: 'audit', queue: { autoDelete: false } }),
      pane('B', '/topic/audit.#', { id: 'audit' }),
    ],
    send: '/topic/audit.login',
    groups: [
      ['copy', ['A']],
      ['copy', ['B']],
    ],
    notReached: [],
  },
  {
    name: 'the durable name ignores the exchange: /topic/ and /exchange/amq.direct/ share a queue',
    panes: [
      pane('A', '/topic/orders', { id: 'same', queue: { durable: true } }),
      pane('B', '/exchange/amq.direct/orders', { id: 'same', queue: { durable: true } }),
    ],
    send: '/exchange/amq.direct/orders',
    groups: [['round-robin', ['A', 'B']]],
    notReached: [],
    caveats: [
      'The durable queue of subscription same for orders is declared with different flags (A as durable, auto-delete, not exclusive; B as durable, auto-delete, exclusive)',
      '(RESOURCE_LOCKED)',
    ],
  },
  {
    name: 'durable /exchange/ subscriptions with one id on two connections: exclusive by default',
    panes: [
      pane('A', '/exchange/amq.topic/x', { id: 'd', queue: { durable: true, autoDelete: false } }),
      pane('B', '/exchange/amq.topic/x', { id: 'd', queue: { durable: true, autoDelete: false } }),
    ],
    send: '/topic/x',
    groups: [['round-robin', ['A', 'B']]],
    notReached: [],
    caveats: ['only one connection may use it'],
  },
  {
    name: 'the same id twice on one connection closes that connection',
    panes: [
      pane('A', '/topic/x', { id: 'dup', conn: 'shared', queue: { durable: true } }),
      pane('B', '/topic/x', { id: 'dup', conn: 'shared', queue: { durable: true } }),
    ],
    send: '/topic/x',
    groups: [['round-robin', ['A', 'B']]],
    notReached: [],
    caveats: [
      'A and B use subscription id dup on the same connection',
      'Duplicated subscription identifier',
    ],
  },
  {
    name: 'direct exchange: binding keys must equal the routing key',
    panes: [
      pane('A', '/exchange/amq.direct/orders'),
      pane('B', '/exchange/amq.direct/orders.*'),
      pane('C', '/exchange/amq.direct/#'),
    ],
    send: '/exchange/amq.direct/orders',
    groups: [['copy', ['A']]],
    notReached: ['B', 'C'],
    exchangeType: 'direct',
    reasons: {
      A: 'binding key orders equals routing key orders',
      C: 'binding key # is not exactly orders (direct exchange amq.direct compares keys literally)',
    },
  },
  {
    name: 'direct exchange with an empty key on both sides',
    panes: [pane('A', '/exchange/amq.direct'), pane('B', '/exchange/amq.direct/x')],
    send: '/exchange/amq.direct/',
    groups: [['copy', ['A']]],
    notReached: ['B'],
    routingKey: '',
  },
  {
    name: 'fanout exchange: every bound queue gets a copy, whatever the keys',
    panes: [pane('A', '/exchange/amq.fanout'), pane('B', '/exchange/amq.fanout/ignored')],
    send: '/exchange/amq.fanout/anything',
    groups: [
      ['copy', ['A']],
      ['copy', ['B']],
    ],
    notReached: [],
    exchangeType: 'fanout',
    certain: true,
    reasons: { A: 'fanout exchange amq.fanout' },
  },
  {
    name: 'unknown exchange type: topic semantics assumed, and flagged',
    panes: [pane('A', '/exchange/events/orders.#'), pane('B', '/exchange/events/users.*')],
    send: '/exchange/events/orders.eu',
    groups: [['copy', ['A']]],
    notReached: ['B'],
    exchange: 'events',
    exchangeType: 'unknown',
    certain: false,
    reasons: { A: 'assuming events is a topic exchange' },
    caveats: ['The type of exchange events is unknown'],
  },
  {
    name: 'exchange type from the options: a direct "events" compares literally',
    panes: [pane('A', '/exchange/events/orders.#'), pane('B', '/exchange/events/orders.eu')],
    send: '/exchange/events/orders.eu',
    options: { exchangeTypes: { events: 'direct' } },
    groups: [['copy', ['B']]],
    notReached: ['A'],
    exchangeType: 'direct',
    certain: true,
    noCaveats: true,
  },
  {
    name: 'an exchange missing from known exchange types may not exist',
    panes: [pane('A', '/exchange/nope/x')],
    send: '/exchange/nope/x',
    options: { exchangeTypes: { events: 'topic' } },
    groups: [['copy', ['A']]],
    notReached: [],
    certain: false,
    caveats: ['NOT_FOUND'],
  },
  {
    name: 'built-in exchange types cannot be overridden',
    panes: [pane('A', '/exchange/amq.fanout/x')],
    send: '/exchange/amq.fanout/y',
    options: { exchangeTypes: { 'amq.fanout': 'direct' } },
    groups: [['copy', ['A']]],
    notReached: [],
    exchangeType: 'fanout',
  },
  {
    name: 'headers exchange: not a routing-key exchange, outcome flagged as uncertain',
    panes: [pane('A', '/exchange/amq.headers/x'), pane('B', '/exchange/amq.match')],
    send: '/exchange/amq.headers/y',
    groups: [['copy', ['A']]],
    notReached: ['B'],
    exchangeType: 'headers',
    certain: false,
    reasons: { A: 'without binding arguments, which matches every message' },
    caveats: ['amq.headers is a headers exchange'],
  },
  {
    name: 'panes on other exchanges are not reached',
    panes: [pane('A', '/exchange/amq.direct/orders'), pane('B', '/exchange/logs/#')],
    send: '/topic/orders',
    groups: [],
    notReached: ['A', 'B'],
    reasons: {
      A: 'its queue is bound to amq.direct, but the message goes to amq.topic',
      B: 'its queue is bound to logs, but the message goes to amq.topic',
    },
    caveats: ['RabbitMQ drops these messages'],
  },
  {
    name: '/exchange/X with an empty key: only "" and # patterns match',
    panes: [
      pane('A', '/exchange/amq.topic'),
      pane('B', '/topic/#'),
      pane('C', '/topic/*'),
      pane('D', '/topic/x'),
    ],
    send: '/exchange/amq.topic',
    groups: [
      ['copy', ['A']],
      ['copy', ['B']],
    ],
    notReached: ['C', 'D'],
    routingKey: '',
    reasons: { A: 'pattern "" (empty) matches "" (empty)' },
  },
  {
    name: 'wildcards in a SEND key are literal text',
    panes: [pane('A', '/topic/orders.*'), pane('B', '/topic/orders.eu')],
    send: '/topic/orders.*',
    groups: [['copy', ['A']]],
    notReached: ['B'],
    caveats: ['not wildcards'],
  },
  {
    name: 'a stream queue gives every consumer every message',
    panes: [
      pane('A', '/queue/s', { queue: { queueType: 'stream' } }),
      pane('B', '/queue/s', { queue: { queueType: 'stream' } }),
    ],
    send: '/queue/s',
    groups: [
      ['copy', ['A'], 's'],
      ['copy', ['B'], 's'],
    ],
    notReached: [],
    caveats: ['is a stream'],
  },
  {
    name: '/queue/ with durable:false is exclusive: a second connection is refused',
    panes: [
      pane('A', '/queue/tmp', { queue: { durable: false } }),
      pane('B', '/queue/tmp', { queue: { durable: false } }),
    ],
    send: '/amq/queue/tmp',
    groups: [['round-robin', ['A', 'B']]],
    notReached: [],
    caveats: ['RESOURCE_LOCKED'],
  },
  {
    name: 'queues declared with different flags: the second SUBSCRIBE fails',
    panes: [pane('A', '/queue/jobs'), pane('B', '/topic/jobs.#', { queue: { queueName: 'jobs' } })],
    send: '/topic/jobs.new',
    groups: [['round-robin', ['A', 'B'], 'jobs']],
    notReached: [],
    caveats: [
      '(A as durable, not auto-delete, not exclusive; B as not durable, auto-delete, not exclusive)',
      '(PRECONDITION_FAILED)',
    ],
  },
  {
    name: 'different x-message-ttl on one queue: PRECONDITION_FAILED',
    panes: [pane('A', '/queue/jobs', { queue: { messageTtlMs: 1000 } }), pane('B', '/queue/jobs')],
    send: '/queue/jobs',
    groups: [['round-robin', ['A', 'B']]],
    notReached: [],
    caveats: ['different x-message-ttl values (1000, none)'],
  },
  {
    name: 'SEND to /amq/queue/ with no consumer: dropped if the queue does not exist',
    panes: [],
    send: '/amq/queue/missing',
    groups: [],
    notReached: [],
    caveats: ['if not, RabbitMQ drops them'],
  },
  {
    name: 'invalid and /temp-queue/ subscriptions consume nothing',
    panes: [pane('A', '/nope/x'), pane('B', '/temp-queue/replies'), pane('C', '/topic/x')],
    send: '/topic/x',
    groups: [['copy', ['C']]],
    notReached: ['A', 'B'],
    reasons: {
      A: 'its destination is invalid',
      B: 'RabbitMQ refuses SUBSCRIBE to /temp-queue/',
    },
  },
  {
    name: 'a bare name is a queue, as RabbitMQ reads it',
    panes: [pane('A', 'jobs'), pane('B', '/queue/jobs')],
    send: 'jobs',
    groups: [['round-robin', ['A', 'B'], 'jobs']],
    notReached: [],
  },
];

describe('predictDelivery', () => {
  it('has a table of at least 25 scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const prediction = predictDelivery(s.panes, s.send, s.options);
    const groups = prediction.groups.map((g) =>
      s.groups.find((expected) => expected[2] !== undefined)
        ? [g.kind, g.paneKeys, g.queue]
        : [g.kind, g.paneKeys],
    );
    const expectedGroups = s.groups.map(([kind, keys, queue]) =>
      s.groups.find((expected) => expected[2] !== undefined)
        ? [kind, keys, queue ?? expect.any(String)]
        : [kind, keys],
    );
    expect(groups).toEqual(expectedGroups);
    expect(prediction.notReached.map((n) => n.paneKey)).toEqual(s.notReached);
    if (s.exchange !== undefined) expect(prediction.exchange).toBe(s.exchange);
    if (s.routingKey !== undefined) expect(prediction.routingKey).toBe(s.routingKey);
    if (s.exchangeType !== undefined) expect(prediction.exchangeType).toBe(s.exchangeType);
    if (s.certain !== undefined) expect(prediction.certain).toBe(s.certain);
    for (const [key, text] of Object.entries(s.reasons ?? {})) {
      const reason =
        prediction.groups.find((g) => g.paneKeys.includes(key))?.reason ??
        prediction.notReached.find((n) => n.paneKey === key)?.reason;
      expect(reason, `reason for ${key}`).toContain(text);
    }
    for (const text of s.caveats ?? []) {
      expect(
        prediction.caveats.some((c) => c.includes(text)),
        `a caveat with "${text}" in ${JSON.stringify(prediction.caveats)}`,
      ).toBe(true);
    }
    if (s.noCaveats) expect(prediction.caveats).toEqual([]);
    // Warnings are caveats, in the same order; only the ones expected.
    expect(prediction.warnings).toEqual(
      prediction.caveats.filter((c) => prediction.warnings.includes(c)),
    );
    if (s.warnings) {
      expect(prediction.warnings).toHaveLength(s.warnings.length);
      s.warnings.forEach((text, i) => expect(prediction.warnings[i]).toContain(text));
    }
    // Every pane is accounted for exactly once.
    const placed = [
      ...prediction.groups.flatMap((g) => g.paneKeys),
      ...prediction.notReached.map((n) => n.paneKey),
    ];
    expect([...placed].sort()).toEqual(s.panes.map((p) => p.key).sort());
  });

  it('refuses a SEND to /temp-queue/: nothing is delivered', () => {
    const prediction = predictDelivery([pane('A', '/topic/x')], '/temp-queue/replies');
    expect(prediction.refused).toContain('only works as the reply-to header');
    expect(prediction.groups).toEqual([]);
    expect(prediction.notReached).toEqual([{ paneKey: 'A', reason: 'the SEND is refused' }]);
    expect(summarizePrediction(prediction)).toBe(prediction.refused);
  });

  it('refuses an unparsable SEND destination with the parser\u2019s words', () => {
    const prediction = predictDelivery([], '/topic/a/b');
    expect(prediction.refused).toMatch(/^RabbitMQ refuses this SEND: /);
    expect(prediction.caveats[0]).toBe(prediction.refused);
  });

  it('keeps panes in the order given, whichever way they end up', () => {
    const prediction = predictDelivery(
      [pane('E', '/topic/z'), pane('A', '/topic/x'), pane('D', '/queue/q')],
      '/topic/x',
    );
    expect(prediction.notReached.map((n) => n.paneKey)).toEqual(['E', 'D']);
    expect(prediction.panes.map((p) => p.key)).toEqual(['E', 'A', 'D']);
  });

  it('does not treat exchange names like "constructor" as known types', () => {
    const prediction = predictDelivery(
      [pane('A', '/exchange/constructor/x')],
      '/exchange/constructor/x',
      {
        exchangeTypes: {},
      },
    );
    expect(prediction.exchangeType).toBe('unknown');
  });

  it('calls out a SEND to an /amq/queue/ the broker did not list, and only when the list is known', () => {
    const panes = [pane('A', '/queue/jobs')];
    const missing = predictDelivery(panes, '/amq/queue/jbos', { queues: new Set(['jobs']) });
    expect(missing.groups).toEqual([]);
    expect(missing.caveats[0]).toContain('Queue jbos was not among the broker');
    expect(missing.caveats[0]).toContain('confirms its receipt all the same');
    expect(missing.caveats[0]).toContain('send to /queue/jbos');
    const present = predictDelivery(panes, '/amq/queue/jobs', { queues: new Set(['jobs']) });
    expect(present.groups.map((group) => group.paneKeys)).toEqual([['A']]);
    expect(present.caveats.join(' ')).not.toContain('not among the broker');
    // Without the broker's list nothing is claimed; nor for /queue/, which declares the queue.
    expect(predictDelivery(panes, '/amq/queue/jbos').caveats.join(' ')).not.toContain(
      'not among the broker',
    );
    expect(
      predictDelivery(panes, '/queue/jbos', { queues: new Set(['jobs']) }).caveats.join(' '),
    ).not.toContain('not among the broker');
  });
});

describe('toPaneLike', () => {
  const base: PaneConfig = {
    key: 'p1',
    subscriptionId: 'sub-1',
    destination: '/topic/x',
    ackMode: 'auto',
    queue: { durable: true, queueName: 'q' },
    connection: 'own',
    capacity: 10,
  };

  it('gives own-connection panes distinct connection keys and shared ones the same', () => {
    expect(toPaneLike(base).connectionKey).not.toBe(
      toPaneLike({ ...base, key: 'p2' }).connectionKey,
    );
    expect(toPaneLike({ ...base, connection: 'shared' }).connectionKey).toBe(
      toPaneLike({ ...base, key: 'p2', connection: 'shared' }).connectionKey,
    );
  });

  it('labels with the subscription id and keeps the queue options', () => {
    expect(toPaneLike(base)).toMatchObject({
      label: 'sub-1',
      queue: { durable: true, queueName: 'q' },
    });
    expect(toPaneLike(base, 'Orders').label).toBe('Orders');
  });
});

describe('expectedCounts', () => {
  it('gives copies the exact count, shares the group total, and others none', () => {
    const prediction = predictDelivery(
      [
        pane('A', '/topic/x'),
        pane('B', '/queue/x'),
        pane('C', '/topic/x', { queue: { queueName: 'q' } }),
        pane('D', '/amq/queue/q'),
      ],
      '/topic/x',
    );
    const counts = expectedCounts(prediction, 10);
    expect(counts.get('A')).toEqual({ kind: 'copy', exact: 10 });
    expect(counts.get('B')).toEqual({ kind: 'none', exact: 0 });
    expect(counts.get('C')).toEqual({ kind: 'share', groupTotal: 10, members: 2 });
    expect(counts.get('D')).toEqual({ kind: 'share', groupTotal: 10, members: 2 });
  });
});

describe('summarizePrediction', () => {
  it('says who gets a copy, who shares, and who gets nothing and why', () => {
    const prediction = predictDelivery(
      [
        pane('A', '/topic/orders.#'),
        pane('B', '/topic/orders.us.*'),
        pane('C', '/topic/orders.#', { queue: { queueName: 'jobs' } }),
        pane('D', '/amq/queue/jobs'),
        pane('E', '/topic/orders.eu.*'),
      ],
      '/topic/orders.us.paid',
    );
    expect(summarizePrediction(prediction)).toBe(
      'A and B each get a copy (fan-out: separate queues); C and D share one queue jobs (round-robin: about half each). E gets nothing: pattern orders.eu.* does not match orders.us.paid.',
    );
  });

  it('uses the labels it is given', () => {
    const prediction = predictDelivery([pane('a', '/queue/q')], '/queue/q');
    expect(summarizePrediction(prediction, new Map([['a', { label: 'Worker 1' }]]))).toBe(
      'Worker 1 gets every message.',
    );
  });

  it('groups panes missed for the same reason, and says when no pane gets anything', () => {
    const prediction = predictDelivery(
      [pane('A', '/queue/q'), pane('B', '/queue/q'), pane('C', '/topic/y')],
      '/topic/x',
    );
    expect(summarizePrediction(prediction)).toBe(
      'No pane gets these messages. A and B get nothing: it consumes queue q, which is bound only to the default exchange (by its name), so a message published to amq.topic never reaches it; SEND to /queue/ or /amq/queue/ with that name to reach it. C gets nothing: pattern y does not match x.',
    );
  });

  it('names the round-robin share for larger groups and flags assumptions', () => {
    const prediction = predictDelivery(
      ['A', 'B', 'C'].map((k) =>
        pane(k, '/exchange/ev/x', { queue: { queueName: 'w', exclusive: false } }),
      ),
      '/exchange/ev/x',
    );
    expect(summarizePrediction(prediction)).toBe(
      'A, B and C share one queue w (round-robin: about a third each). (Assuming ev is a topic exchange.)',
    );
  });

  it('describes stream consumers as each reading every message', () => {
    const prediction = predictDelivery(
      ['A', 'B'].map((k) => pane(k, '/queue/s', { queue: { queueType: 'stream' } })),
      '/queue/s',
    );
    expect(summarizePrediction(prediction)).toBe('A and B each read every message of stream s.');
  });
});

describe('queueSharing', () => {
  it('puts panes on one /queue together and topic panes on queues of their own', () => {
    const sharing = queueSharing([
      pane('a', '/queue/jobs'),
      pane('b', '/amq/queue/jobs'),
      pane('c', '/topic/x.#'),
      pane('d', '/exchange/amq.topic/x.#'),
    ]);
    expect(sharing.get('a')).toMatchObject({ kind: 'named', sharedWith: ['b'] });
    expect(sharing.get('b')).toMatchObject({ kind: 'named', sharedWith: ['a'] });
    expect(sharing.get('c')).toMatchObject({ kind: 'private', sharedWith: [] });
    expect(sharing.get('d')).toMatchObject({ kind: 'private', sharedWith: [] });
  });

  it('shares the queue named by x-queue-name', () => {
    const sharing = queueSharing([
      pane('a', '/topic/x', { queue: { queueName: 'q1' } }),
      pane('b', '/topic/y', { queue: { queueName: 'q1' } }),
    ]);
    expect(sharing.get('a')?.sharedWith).toEqual(['b']);
  });
});
