import { describe, expect, it } from 'vitest';
import type { TopologyLists } from '@/lib/management/client';
import { buildTopology } from '@/lib/management/topology';
import { buildRoutingGraph } from './graph-model';
import type { GraphInput, GraphPane, GraphRun, RoutingGraph } from './graph-types';
import { predictDelivery } from './predict';
import type { ExchangeType } from './exchange-types';
import type { PaneQueueOptions } from './queue-model';

/** A pane with its own connection; `got` maps run ids to what it received of each. */
function pane(
  id: string,
  destination: string,
  got: Record<string, number> = {},
  queue?: PaneQueueOptions,
): GraphPane {
  return {
    key: `k-${id}`,
    label: id,
    subscriptionId: id,
    destination,
    connectionKey: `own:k-${id}`,
    queue,
    received: (runId) => got[runId] ?? 0,
  };
}

function run(
  runId: string,
  destination: string,
  sent: number,
  panesAtSend: GraphPane[],
  types?: Record<string, ExchangeType>,
): GraphRun {
  return {
    runId,
    destination,
    sent,
    prediction: predictDelivery(panesAtSend, destination, { exchangeTypes: types }),
    subscribedPaneKeys: new Set(panesAtSend.map((p) => p.key)),
    stillArriving: false,
  };
}

function graph(
  panes: GraphPane[],
  runs: GraphRun[],
  extra: Partial<GraphInput> & { types?: Record<string, ExchangeType> } = {},
): RoutingGraph {
  const { types, ...rest } = extra;
  return buildRoutingGraph({
    panes,
    runs,
    predict: (d) => predictDelivery(panes, d, { exchangeTypes: types }),
    ...rest,
  });
}

const node = (g: RoutingGraph, name: string) => {
  const found = g.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no node ${name} among ${g.nodes.map((n) => n.name).join(' | ')}`);
  return found;
};
const edge = (g: RoutingGraph, from: string, to: string) => {
  const source = node(g, from).id;
  const target = node(g, to).id;
  const found = g.edges.find((e) => e.source === source && e.target === target);
  if (!found) throw new Error(`no edge ${from} → ${to}`);
  return found;
};

function lists(change: Partial<TopologyLists>): TopologyLists {
  return { queues: [], bindings: [], consumers: [], exchanges: [], ...change };
}

describe('buildRoutingGraph', () => {
  it('a queue with two panes: sender → default exchange → one queue split 5 / 5 → the two panes', () => {
    const a = pane('A', '/queue/jobs', { r1: 5 });
    const b = pane('B', '/queue/jobs', { r1: 5 });
    const g = graph([a, b], [run('r1', '/queue/jobs', 10, [a, b])]);
    expect(node(g, 'queue jobs').lines[0]).toBe('split 5 / 5');
    expect(edge(g, 'sender this dashboard', 'exchange (default) (direct)').label).toBe('10 sent');
    expect(edge(g, 'exchange (default) (direct)', 'queue jobs').count).toBe(10);
    expect(edge(g, 'queue jobs', 'pane A').count).toBe(5);
    expect(edge(g, 'queue jobs', 'pane B').count).toBe(5);
    expect(g.routes.map((r) => [r.queue, r.pane, r.sent, r.queueGot, r.paneGot])).toEqual([
      ['jobs', 'A', 10, 10, 5],
      ['jobs', 'B', 10, 10, 5],
    ]);
    expect(g.routes.every((r) => r.flag === null)).toBe(true);
  });

  it('a topic pattern with two ids: a private queue each, a copy on each', () => {
    const c = pane('C', '/exchange/amq.topic/demo.#', { r1: 10 });
    const d = pane('D', '/exchange/amq.topic/demo.#', { r1: 10 });
    const g = graph([c, d], [run('r1', '/exchange/amq.topic/demo.created', 10, [c, d])]);
    const queues = g.nodes.filter((n) => n.kind === 'queue');
    expect(queues).toHaveLength(2);
    const topic = node(g, 'exchange amq.topic (topic)');
    const bindings = g.edges.filter((e) => e.source === topic.id && e.kind === 'binding');
    expect(bindings.map((e) => e.label)).toEqual(['demo.# · 10', 'demo.# · 10']);
    expect(
      bindings.every((e) => e.overlay.expected && e.overlay.carried && e.overlay.flag === null),
    ).toBe(true);
    expect(queues.every((q) => !q.lines.some((line) => line.startsWith('split')))).toBe(true);
  });

  it('/topic/ and /exchange/amq.topic/ bind to the same exchange node', () => {
    const a = pane('A', '/topic/a.#');
    const b = pane('B', '/exchange/amq.topic/a.#');
    const g = graph([a, b], []);
    expect(g.nodes.filter((n) => n.kind === 'exchange').map((n) => n.name)).toEqual([
      'exchange amq.topic (topic)',
    ]);
    expect(g.edges.filter((e) => e.kind === 'binding')).toHaveLength(2);
    expect(g.nodes.some((n) => n.kind === 'sender')).toBe(false);
  });

  it('a fanout exchange copies to every bound queue whatever the key', () => {
    const a = pane('A', '/exchange/events/x', { r1: 3 });
    const b = pane('B', '/exchange/events/y', { r1: 3 });
    const types = { events: 'fanout' } as const;
    const g = graph([a, b], [run('r1', '/exchange/events/zzz', 3, [a, b], types)], { types });
    expect(node(g, 'exchange events (fanout)').lines[0]).toBe('fanout');
    expect(
      g.edges
        .filter((e) => e.kind === 'binding')
        .every((e) => e.overlay.expected && e.overlay.carried),
    ).toBe(true);
  });

  it('a direct exchange: only the identical key is expected, and a copy there unpredicted is flagged', () => {
    const a = pane('A', '/exchange/amq.direct/a', { r1: 4 });
    const b = pane('B', '/exchange/amq.direct/b', { r1: 2 });
    const g = graph([a, b], [run('r1', '/exchange/amq.direct/a', 4, [a, b])]);
    const toA = g.edges.find((e) => e.target === 'pane:k-A')!;
    const toB = g.edges.find((e) => e.target === 'pane:k-B')!;
    expect(toA.overlay).toEqual({ expected: true, carried: true, flag: null });
    expect(toB.overlay).toEqual({ expected: false, carried: true, flag: 'unpredicted' });
    expect(node(g, 'pane B').flag).toBe('unpredicted');
    expect(g.routes.find((r) => r.pane === 'B')?.verdict).toMatch(/^unpredicted: got 2/);
  });

  it('a headers exchange shows the binding’s header arguments and says its routing is assumed', () => {
    const a = pane('A', '/exchange/amq.headers/');
    const topology = buildTopology({ panes: [a], ...lists({}) });
    const broker = {
      lists: lists({
        exchanges: [{ name: 'amq.headers', vhost: '/', type: 'headers' }],
        queues: [{ name: 'q-a', vhost: '/' }],
        bindings: [
          {
            source: 'amq.headers',
            destination: 'q-a',
            destination_type: 'queue',
            routing_key: '',
            vhost: '/',
            arguments: { 'x-match': 'all', kind: 'pdf' },
          },
        ],
        consumers: [{ consumer_tag: 'T_A', queue: { name: 'q-a', vhost: '/' } }],
      }),
      topology,
    };
    broker.topology = buildTopology({ panes: [a], ...broker.lists });
    const g = graph([a], [], { broker });
    expect(node(g, 'exchange amq.headers (headers)').details[0]).toContain('routes on headers');
    expect(edge(g, 'exchange amq.headers (headers)', 'queue q-a').label).toContain(
      'x-match="all" kind="pdf"',
    );
  });

  it('an exchange of unknown type is named so', () => {
    const a = pane('A', '/exchange/custom/k');
    const g = graph([a], []);
    expect(node(g, 'exchange custom (unknown)').details[0]).toMatch(/Type unknown/);
  });

  it('a durable subscription shared by two panes under one id is one queue, split', () => {
    const a = {
      ...pane('dur', '/topic/t.#', { r1: 6 }, { durable: true }),
      key: 'k1',
      connectionKey: 'own:k1',
    };
    const b = {
      ...pane('dur', '/topic/t.#', { r1: 4 }, { durable: true }),
      key: 'k2',
      connectionKey: 'own:k2',
    };
    const g = graph([a, b], [run('r1', '/topic/t.x', 10, [a, b])]);
    const queues = g.nodes.filter((n) => n.kind === 'queue');
    expect(queues).toHaveLength(1);
    expect(queues[0]?.lines[0]).toBe('split 6 / 4');
    expect(queues[0]?.lines[1]).toBe('durable subscription');
  });

  it('x-queue-name names the queue of a topic subscription', () => {
    const a = pane('A', '/topic/orders.*', {}, { queueName: 'orders-audit' });
    const g = graph([a], []);
    expect(edge(g, 'exchange amq.topic (topic)', 'queue orders-audit').label).toBe('orders.* · 0');
  });

  it('a pane on a queue the broker does not have is flagged', () => {
    const a = pane('A', '/amq/queue/nope');
    const broker = {
      lists: lists({ queues: [{ name: 'other', vhost: '/' }] }),
      topology: buildTopology({ panes: [a], ...lists({}) }),
    };
    const g = graph([a], [], { broker });
    expect(node(g, 'queue nope').flag).toBe('missing');
    expect(node(g, 'queue nope').details.join(' ')).toContain('The broker has no queue nope');
    // Broker queues no pane uses are left out.
    expect(g.nodes.some((n) => n.name === 'queue other')).toBe(false);
  });

  it('a send to an exchange with no bindings: the exchange, and a route saying the messages are dropped', () => {
    const a = pane('A', '/queue/jobs');
    const g = graph([a], [run('r1', '/exchange/lonely/k', 7, [a], { lonely: 'direct' })], {
      types: { lonely: 'direct' },
    });
    expect(edge(g, 'sender this dashboard', 'exchange lonely (direct)').count).toBe(7);
    const row = g.routes.find((r) => r.exchange === 'lonely');
    expect(row).toMatchObject({ from: '/exchange/lonely/k', sent: 7, queue: '—' });
    expect(row?.verdict).toMatch(/drops these messages/);
  });

  it('merges the broker’s facts: real queue names, flags, consumers, ready messages, lagging rates, other bindings', () => {
    const a = pane('A', '/topic/t.#', { r1: 2 });
    const brokerLists = lists({
      exchanges: [{ name: 'audit', vhost: '/', type: 'fanout' }],
      queues: [
        {
          name: 'stomp-subscription-xyz',
          vhost: '/',
          durable: false,
          auto_delete: true,
          type: 'classic',
          consumers: 1,
          messages_ready: 3,
          message_stats: { publish_details: { rate: 2 }, deliver_get_details: { rate: 1.5 } },
        },
        { name: 'unused', vhost: '/' },
      ],
      bindings: [
        {
          source: 'amq.topic',
          destination: 'stomp-subscription-xyz',
          destination_type: 'queue',
          routing_key: 't.#',
          vhost: '/',
        },
        {
          source: 'audit',
          destination: 'stomp-subscription-xyz',
          destination_type: 'queue',
          routing_key: '',
          vhost: '/',
        },
        {
          source: 'audit',
          destination: 'unused',
          destination_type: 'queue',
          routing_key: '',
          vhost: '/',
        },
      ],
      consumers: [{ consumer_tag: 'T_A', queue: { name: 'stomp-subscription-xyz', vhost: '/' } }],
    });
    const broker = { lists: brokerLists, topology: buildTopology({ panes: [a], ...brokerLists }) };
    const g = graph([a], [run('r1', '/topic/t.1', 2, [a])], { broker });
    const queue = node(g, 'queue stomp-subscription-xyz');
    expect(queue.lines).toEqual(['classic · transient · auto-delete', '1 consumer · 3 ready']);
    expect(queue.details.join(' ')).toContain(
      'Broker’s rates (lag up to 5 s): in 2.0/s, out 1.5/s',
    );
    expect(edge(g, 'exchange audit (fanout)', 'queue stomp-subscription-xyz').label).toBe('"" · 0');
    expect(edge(g, 'exchange amq.topic (topic)', 'queue stomp-subscription-xyz').count).toBe(2);
    expect(g.nodes.some((n) => n.name === 'queue unused')).toBe(false);
  });

  it('groups panes beyond the limit into "and N more panes"', () => {
    const panes = Array.from({ length: 25 }, (_, i) => pane(`p${i}`, `/queue/q${i % 3}`));
    const g = graph(panes, []);
    expect(g.nodes.filter((n) => n.kind === 'pane')).toHaveLength(20);
    expect(node(g, 'and 5 more panes').kind).toBe('more');
    expect(g.routes).toHaveLength(25);
  });

  it('groups bindings beyond the limit into "and N more bindings"', () => {
    const panes = Array.from({ length: 12 }, (_, i) => pane(`p${i}`, `/topic/k${i}`));
    const g = graph(panes, [], { limits: { panes: 20, bindings: 10 } });
    expect(g.edges.filter((e) => e.kind === 'binding')).toHaveLength(10);
    expect(node(g, 'and 2 more bindings').kind).toBe('more');
  });

  it('a pane subscribed after the send is flagged as missing it', () => {
    const c = pane('C', '/topic/demo.#', { r1: 10 });
    const late = pane('E', '/topic/demo.#');
    const g = graph([c, late], [run('r1', '/topic/demo.x', 10, [c])]);
    expect(node(g, 'pane E').flag).toBe('missing');
    expect(g.edges.find((e) => e.target === 'pane:k-E')?.overlay).toEqual({
      expected: true,
      carried: false,
      flag: 'missing',
    });
    expect(g.routes.find((r) => r.pane === 'E')?.verdict).toBe(
      'missing: subscribed after the send, so it has none of it',
    );
    expect(node(g, 'pane C').flag).toBeNull();
  });

  it('a copy short of what was sent is flagged missing once arrival is over, pending before', () => {
    const a = pane('A', '/topic/x', { r1: 3 });
    const done = graph([a], [run('r1', '/topic/x', 5, [a])]);
    expect(node(done, 'pane A').flag).toBe('missing');
    const arriving = graph([a], [{ ...run('r1', '/topic/x', 5, [a]), stillArriving: true }]);
    expect(node(arriving, 'pane A').flag).toBeNull();
    expect(node(arriving, 'pane A').lines[1]).toBe('got 3 of 5 so far');
  });

  it('overlays the latest send by default, or the one picked', () => {
    const a = pane('A', '/queue/one', { r1: 1 });
    const b = pane('B', '/queue/two', { r2: 1 });
    const runs = [run('r2', '/queue/two', 1, [a, b]), run('r1', '/queue/one', 1, [a, b])];
    const latest = graph([a, b], runs);
    expect(latest.selected?.runId).toBe('r2');
    expect(edge(latest, 'queue two', 'pane B').overlay.expected).toBe(true);
    expect(edge(latest, 'queue one', 'pane A').overlay.expected).toBe(false);
    const picked = graph([a, b], runs, { selectedRunId: 'r1' });
    expect(edge(picked, 'queue one', 'pane A').overlay).toEqual({
      expected: true,
      carried: true,
      flag: null,
    });
    expect(picked.selected?.summary).toMatch(/^1 sent to \/queue\/one/);
  });

  it('keeps node ids and order when counts change or a pane is added', () => {
    const a = pane('A', '/queue/jobs', { r1: 1 });
    const before = graph([a], [run('r1', '/queue/jobs', 1, [a])]).nodes.map((n) => n.id);
    const moreCounts = graph(
      [{ ...a, received: () => 9 }],
      [run('r1', '/queue/jobs', 9, [a])],
    ).nodes.map((n) => n.id);
    expect(moreCounts).toEqual(before);
    const added = graph([a, pane('B', '/topic/z')], [run('r1', '/queue/jobs', 1, [a])]).nodes.map(
      (n) => n.id,
    );
    expect(added.filter((id) => before.includes(id))).toEqual(before);
    expect(added.length).toBeGreaterThan(before.length);
  });
});

describe('buildRoutingGraph at its readable limit', () => {
  /** `count` panes, each on its own queue bound 5 times to amq.topic on the broker. */
  function crowded(count: number) {
    const panes = Array.from({ length: count }, (_, i) => pane(`p${i}`, `/amq/queue/q${i}`));
    const brokerLists = lists({
      queues: panes.map((_, i) => ({ name: `q${i}`, vhost: '/' })),
      bindings: panes.flatMap((_, i) =>
        Array.from({ length: 5 }, (_, k) => ({
          source: 'amq.topic',
          destination: `q${i}`,
          destination_type: 'queue',
          routing_key: `k${i}.${k}`,
          vhost: '/',
        })),
      ),
    });
    const broker = { lists: brokerLists, topology: buildTopology({ panes, ...brokerLists }) };
    return graph(panes, [], { broker });
  }
  const bindingCount = (g: RoutingGraph) =>
    g.edges
      .filter((e) => e.kind === 'binding')
      .reduce((sum, e) => sum + e.label.split(',').length, 0);

  it('draws 20 panes and 100 bindings whole, grouping nothing', () => {
    const g = crowded(20);
    expect(g.nodes.filter((n) => n.kind === 'pane')).toHaveLength(20);
    expect(g.nodes.filter((n) => n.kind === 'more')).toEqual([]);
    expect(bindingCount(g)).toBe(100);
  });

  it('beyond that, groups what is left into "and N more"', () => {
    const g = crowded(22);
    expect(g.nodes.filter((n) => n.kind === 'pane')).toHaveLength(20);
    expect(g.nodes.filter((n) => n.kind === 'more').map((n) => n.name)).toEqual([
      'and 2 more panes',
      'and 10 more bindings',
    ]);
    expect(g.routes).toHaveLength(22);
  });
});
