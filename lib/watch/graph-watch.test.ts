import { describe, expect, it } from 'vitest';
import { buildRoutingGraph } from '@/lib/routing/graph-model';
import type { GraphPane } from '@/lib/routing/graph-types';
import { predictDelivery } from '@/lib/routing/predict';
import { FIREHOSE_MARK } from './firehose';

/** The routing graph counts a watch pane's deliveries, marked as seen through the firehose. */
const pane = (id: string, destination: string, got: Record<string, number>): GraphPane => ({
  key: `k-${id}`,
  label: id,
  subscriptionId: id,
  destination,
  connectionKey: `own:k-${id}`,
  received: (runId) => got[runId] ?? 0,
});

describe('routing graph with a watch pane', () => {
  it('counts what the watch pane saw, marked, and judges no contradiction for it', () => {
    const panes = [
      pane('worker', '/queue/jobs', { r1: 10 }),
      pane('tap', '/exchange/amq.rabbitmq.trace/deliver.jobs', { r1: 10 }),
    ];
    const predict = (destination: string) => predictDelivery(panes, destination);
    const graph = buildRoutingGraph({
      panes,
      runs: [
        {
          runId: 'r1',
          destination: '/amq/queue/jobs',
          sent: 10,
          prediction: predict('/amq/queue/jobs'),
          subscribedPaneKeys: new Set(panes.map((p) => p.key)),
          stillArriving: false,
        },
      ],
      predict,
    });
    const tap = graph.nodes.find((n) => n.name === 'pane tap');
    expect(tap?.lines).toEqual([`10 ${FIREHOSE_MARK}`]);
    expect(tap?.flag).toBeNull();
    const edge = graph.edges.find((e) => e.target === tap?.id);
    expect(edge?.label).toBe('10 via firehose');
    const route = graph.routes.find((r) => r.pane === 'tap');
    expect(route?.verdict).toBe(FIREHOSE_MARK);
    expect(route?.flag).toBeNull();
    expect(graph.nodes.find((n) => n.name === 'pane worker')?.flag).toBeNull();
  });
});
