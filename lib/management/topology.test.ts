import { describe, expect, it } from 'vitest';
import bindingsJson from './fixtures/bindings.json';
import consumersJson from './fixtures/consumers.json';
import exchangesJson from './fixtures/exchanges.json';
import queuesJson from './fixtures/queues.json';
import { sanitizeManagementResponse, type ManagementData } from './sanitize';
import {
  buildTopology,
  exchangeTypesOf,
  suggestNames,
  type TopologyInput,
  type TopologyPane,
} from './topology';

/**
 * The fixtures are a live RabbitMQ 3.10.8 with seven Web-STOMP connections, one subscription
 * each: ids A and B on /queue/jobs, C and D on /topic/orders.#, two connections with a durable
 * subscription "dur" on /topic/news, and E on /exchange/amq.fanout.
 */
function lists(): Omit<TopologyInput, 'panes'> {
  const read = <E extends 'queues' | 'bindings' | 'consumers' | 'exchanges'>(
    endpoint: E,
    json: unknown,
  ): ManagementData[E] => {
    const result = sanitizeManagementResponse(endpoint, json);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
  return {
    queues: read('queues', queuesJson),
    bindings: read('bindings', bindingsJson),
    consumers: read('consumers', consumersJson),
    exchanges: read('exchanges', exchangesJson),
  };
}

const pane = (key: string, subscriptionId: string, destination: string): TopologyPane => ({
  key,
  subscriptionId,
  destination,
});

const TOPIC_C = 'stomp-subscription-TpNyk7CCubB0ZBLXPRDILQ';
const TOPIC_D = 'stomp-subscription-npQmhUhUtnikKvbNQ1dpIA';
const DURABLE = 'stomp-subscription-tpLGieG973anNgnQ8JFbwg';
const FANOUT = 'stomp-subscription-7dWhbbcf0sdRtrXj7Z0xhA';

describe('buildTopology on a live broker’s lists', () => {
  const topology = buildTopology({
    ...lists(),
    panes: [
      pane('p-a', 'A', '/queue/jobs'),
      pane('p-b', 'B', '/queue/jobs'),
      pane('p-c', 'C', '/topic/orders.#'),
      pane('p-d', 'D', '/topic/orders.#'),
      pane('p-dur-1', 'dur', '/topic/news'),
      pane('p-dur-2', 'dur', '/topic/news'),
      pane('p-e', 'E', '/exchange/amq.fanout'),
    ],
  });
  const paneTopology = (key: string) => topology.panes.find((p) => p.paneKey === key);
  const queueTopology = (name: string) => topology.queues.find((q) => q.name === name);

  it('puts two panes on one /queue into one shared queue with 2 consumers, round-robin', () => {
    expect(queueTopology('jobs')).toEqual({
      name: 'jobs',
      paneKeys: ['p-a', 'p-b'],
      consumers: 2,
      roundRobin: true,
    });
    expect(paneTopology('p-a')).toEqual({
      paneKey: 'p-a',
      queue: {
        name: 'jobs',
        consumers: 2,
        messagesReady: 0,
        messagesUnacknowledged: 0,
        type: 'classic',
      },
      candidateQueues: ['jobs'],
      bindings: [],
      roundRobinWith: ['p-b'],
      note: expect.stringContaining('round-robin'),
    });
    expect(paneTopology('p-b')?.roundRobinWith).toEqual(['p-a']);
  });

  it('notes that a /queue is fed only through the default exchange, without listing it', () => {
    const note = paneTopology('p-a')?.note ?? '';
    expect(note).toContain('No exchange feeds jobs');
    expect(note).toContain('/amq/queue/jobs');
    expect(paneTopology('p-a')?.bindings).toEqual([]);
  });

  it('gives two panes on /topic each its own queue bound to amq.topic (fan-out)', () => {
    for (const [key, queue] of [
      ['p-c', TOPIC_C],
      ['p-d', TOPIC_D],
    ] as const) {
      expect(paneTopology(key)).toEqual({
        paneKey: key,
        queue: {
          name: queue,
          consumers: 1,
          messagesReady: 0,
          messagesUnacknowledged: 0,
          type: 'classic',
        },
        candidateQueues: [queue],
        bindings: [{ exchange: 'amq.topic', exchangeType: 'topic', routingKey: 'orders.#' }],
        roundRobinWith: [],
      });
      expect(queueTopology(queue)).toEqual({
        name: queue,
        paneKeys: [key],
        consumers: 1,
        roundRobin: false,
      });
    }
  });

  it('puts a durable subscription shared under one id into one queue, round-robin', () => {
    expect(queueTopology(DURABLE)).toEqual({
      name: DURABLE,
      paneKeys: ['p-dur-1', 'p-dur-2'],
      consumers: 2,
      roundRobin: true,
    });
    expect(paneTopology('p-dur-1')).toMatchObject({
      queue: { name: DURABLE, consumers: 2 },
      bindings: [{ exchange: 'amq.topic', exchangeType: 'topic', routingKey: 'news' }],
      roundRobinWith: ['p-dur-2'],
    });
  });

  it('shows a fanout exchange binding with its empty routing key', () => {
    expect(paneTopology('p-e')).toMatchObject({
      queue: { name: FANOUT },
      bindings: [{ exchange: 'amq.fanout', exchangeType: 'fanout', routingKey: '' }],
      roundRobinWith: [],
    });
    expect(paneTopology('p-e')?.note).toBeUndefined();
  });

  it('lists each queue once, in pane order', () => {
    expect(topology.queues.map((q) => q.name)).toEqual(['jobs', TOPIC_C, TOPIC_D, DURABLE, FANOUT]);
  });
});

describe('buildTopology edge cases', () => {
  const base = lists();

  it('explains a pane the broker does not list yet', () => {
    const topology = buildTopology({ ...base, panes: [pane('p-new', 'fresh', '/topic/x')] });
    expect(topology.panes[0]).toEqual({
      paneKey: 'p-new',
      candidateQueues: [],
      bindings: [],
      roundRobinWith: [],
      note: expect.stringContaining('No consumer tagged T_fresh yet'),
    });
    expect(topology.queues).toEqual([]);
  });

  it('narrows a shared id to the queue that fits each pane’s destination', () => {
    const consumers = [
      { consumer_tag: 'T_x', queue: { name: 'q-a', vhost: '/' } },
      { consumer_tag: 'T_x', queue: { name: 'q-b', vhost: '/' } },
    ];
    const bindings = [
      {
        source: 'amq.topic',
        destination: 'q-a',
        destination_type: 'queue',
        routing_key: 'a',
        vhost: '/',
      },
      {
        source: 'amq.topic',
        destination: 'q-b',
        destination_type: 'queue',
        routing_key: 'b',
        vhost: '/',
      },
    ];
    const topology = buildTopology({
      ...base,
      consumers,
      bindings,
      panes: [pane('p1', 'x', '/topic/a'), pane('p2', 'x', '/exchange/amq.topic/b')],
    });
    expect(topology.panes.map((p) => [p.paneKey, p.queue?.name, p.candidateQueues])).toEqual([
      ['p1', 'q-a', ['q-a']],
      ['p2', 'q-b', ['q-b']],
    ]);
    expect(topology.queues.every((q) => !q.roundRobin)).toBe(true);
  });

  it('lists every candidate queue when panes share an id and the destination cannot tell', () => {
    const consumers = [
      { consumer_tag: 'T_x', queue: { name: 'q-1', vhost: '/' } },
      { consumer_tag: 'T_x', queue: { name: 'q-2', vhost: '/' } },
    ];
    const bindings = ['q-1', 'q-2'].map((destination) => ({
      source: 'amq.topic',
      destination,
      destination_type: 'queue',
      routing_key: 'x',
      vhost: '/',
    }));
    const topology = buildTopology({
      ...base,
      consumers,
      bindings,
      panes: [pane('p1', 'x', '/topic/x'), pane('p2', 'x', '/topic/x')],
    });
    for (const p of topology.panes) {
      expect(p.queue).toBeUndefined();
      expect(p.candidateQueues).toEqual(['q-1', 'q-2']);
      expect(p.note).toContain('2 queues have a consumer tagged T_x (q-1, q-2)');
    }
    expect(topology.queues).toEqual([
      { name: 'q-1', paneKeys: [], consumers: 1, roundRobin: false },
      { name: 'q-2', paneKeys: [], consumers: 1, roundRobin: false },
    ]);
  });

  it('flags a queue shared with a consumer outside the dashboard as round-robin', () => {
    const consumers = [
      { consumer_tag: 'T_mine', queue: { name: 'work', vhost: '/' } },
      { consumer_tag: 'amq.ctag-worker', queue: { name: 'work', vhost: '/' } },
    ];
    const topology = buildTopology({
      ...base,
      consumers,
      panes: [pane('p', 'mine', '/queue/work')],
    });
    expect(topology.queues).toEqual([
      { name: 'work', paneKeys: ['p'], consumers: 2, roundRobin: true },
    ]);
    expect(topology.panes[0]?.roundRobinWith).toEqual([]);
    expect(topology.panes[0]?.note).toContain('1 consumer outside these panes');
    expect(topology.panes[0]?.queue?.messagesReady).toBeNull();
  });

  it('reports an unlisted exchange type as unknown', () => {
    const topology = buildTopology({
      ...base,
      exchanges: [],
      consumers: [{ consumer_tag: 'T_c', queue: { name: TOPIC_C, vhost: '/' } }],
      panes: [pane('p', 'c', '/topic/orders.#')],
    });
    expect(topology.panes[0]?.bindings).toEqual([
      { exchange: 'amq.topic', exchangeType: 'unknown', routingKey: 'orders.#' },
    ]);
  });
});

describe('suggestNames', () => {
  it('offers exchanges and named queues in destination form, leaving server-named queues out', () => {
    const { exchanges, queues } = lists();
    expect(suggestNames(exchanges, queues)).toEqual({
      exchanges: ['amq.direct', 'amq.fanout', 'amq.headers', 'amq.match', 'amq.topic'],
      queues: ['jobs'],
      destinations: [
        '/exchange/amq.direct/',
        '/exchange/amq.fanout/',
        '/exchange/amq.headers/',
        '/exchange/amq.match/',
        '/exchange/amq.topic/',
        '/queue/jobs',
        '/amq/queue/jobs',
      ],
    });
  });

  it('offers /queue/ only for queues a plain SUBSCRIBE would not redeclare differently', () => {
    const q = (name: string, extra: object) => ({ name, vhost: '/', ...extra });
    const result = suggestNames(
      [],
      [
        q('plain', { durable: true, auto_delete: false, arguments: {} }),
        q('quorum', { durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } }),
        q('transient', { durable: false, auto_delete: false, arguments: {} }),
        q('mine-only', { durable: true, exclusive: true, arguments: {} }),
        q('amq.gen-abc', { durable: false }),
        q('stomp-subscription-xyz', { durable: true }),
      ],
    );
    expect(result.queues).toEqual(['mine-only', 'plain', 'quorum', 'transient']);
    expect(result.destinations).toEqual([
      '/queue/plain',
      '/amq/queue/plain',
      '/amq/queue/quorum',
      '/amq/queue/transient',
    ]);
  });

  it('escapes "/" in names and skips names STOMP cannot write', () => {
    const result = suggestNames(
      [{ name: 'a/b', vhost: '/', type: 'topic' }],
      [
        { name: 'x/y', vhost: '/' },
        { name: 'lit%2Feral', vhost: '/' },
      ],
    );
    expect(result.destinations).toEqual(['/exchange/a%2Fb/', '/amq/queue/x%2Fy']);
    expect(result.queues).toEqual(['lit%2Feral', 'x/y']);
  });
});

describe('exchangeTypesOf', () => {
  it('maps the routing types and calls a plugin type unknown, leaving out the default exchange', () => {
    const exchange = (name: string, type: string) => ({
      name,
      vhost: '/',
      type,
      durable: true,
      auto_delete: false,
      internal: false,
    });
    expect(
      exchangeTypesOf([
        exchange('', 'direct'),
        exchange('events', 'fanout'),
        exchange('orders', 'topic'),
        exchange('jobs', 'direct'),
        exchange('by-header', 'headers'),
        exchange('spread', 'x-consistent-hash'),
      ]),
    ).toEqual({
      events: 'fanout',
      orders: 'topic',
      jobs: 'direct',
      'by-header': 'headers',
      spread: 'unknown',
    });
  });

  it('reads the live fixture: amq.fanout is a fanout', () => {
    expect(exchangeTypesOf(lists().exchanges)).toMatchObject({
      'amq.fanout': 'fanout',
      'amq.topic': 'topic',
    });
  });
});
