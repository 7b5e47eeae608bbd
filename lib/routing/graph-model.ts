import { getOrAdd } from '../util/maps';
import { compareDelivery, type DeliveryStatus } from './delivery-report';
import { knownExchangeType, type ExchangeType } from './exchange-types';
import { queueSharing } from './queue-model';
import { FIREHOSE_MARK, isWatchPane } from '@/lib/watch/firehose';
import {
  type Flag,
  GRAPH_LIMITS,
  type GraphEdge,
  type GraphInput,
  type GraphNode,
  type GraphPane,
  type GraphRun,
  type QueueInfo,
  type RouteRow,
  type RoutingGraph,
  SENDER_ID,
  exchangeNodeId,
  paneNodeId,
} from './graph-types';
import { plural, queueDetails, queueLines, shownKey, verdictWords } from './graph-words';

/**
 * The routing graph: the dashboard's sender → exchanges → queues → panes, with the messages the
 * dashboard sent and the panes counted on the edges, and the selected send's prediction laid
 * over it. Pure: built from what the dashboard knows (panes, their queues, the delivery tallies
 * of its own sends) merged with the topology poll. Broker objects no pane uses are left out,
 * except those on a path between a send and a pane.
 */

const DEFAULT_EXCHANGE_LABEL = '(default)';

const VERDICT_FLAGS: Partial<Record<DeliveryStatus, Flag>> = {
  missing: 'missing',
  'not-subscribed-yet': 'missing',
  unexpected: 'unpredicted',
};

/**
 * Builds the graph. Deterministic: the same input gives the same nodes and edges in the same
 * order (panes in their order, exchanges and queues in order of first use), so a layout keyed
 * by node ids stays put while counts change.
 *
 * @example
 * const graph = buildRoutingGraph({ panes, runs, predict: (d) => dashboard.predict(d), broker });
 * graph.nodes.find((n) => n.kind === 'queue')?.lines // ['split 5 / 5', …]
 */
export function buildRoutingGraph(input: GraphInput): RoutingGraph {
  const limits = input.limits ?? GRAPH_LIMITS;
  const broker = input.broker ?? null;
  const exchangeTypes = brokerExchangeTypes(broker);
  // The broker's word first; else what the sends' predictions knew (the dashboard's broker facts).
  for (const run of input.runs)
    exchangeTypes[run.prediction.exchange] ??= run.prediction.exchangeType;
  const typeOf = (name: string): ExchangeType =>
    name === '' ? 'direct' : knownExchangeType(name, exchangeTypes);
  const queues = placeQueues(input.panes, broker);
  const runs = input.runs;
  const selectedRun = runs.find((run) => run.runId === input.selectedRunId) ?? runs[0] ?? null;
  const overlay = selectedRun ? judgeSelected(selectedRun, input) : null;

  // Exchanges: those sent to, then those the panes' queues are bound to.
  const exchanges = new Map<string, { destinations: Map<string, number> }>();
  const exchangeOf = (name: string) =>
    getOrAdd(exchanges, name, () => ({ destinations: new Map() }));
  for (const run of [...runs].reverse()) {
    if (run.prediction.refused) continue;
    const entry = exchangeOf(run.prediction.exchange);
    entry.destinations.set(
      run.destination,
      (entry.destinations.get(run.destination) ?? 0) + run.sent,
    );
  }
  const sentByName = new Set(
    runs
      .filter((run) => run.prediction.exchange === '' && !run.prediction.refused)
      .map((run) => run.prediction.routingKey),
  );
  for (const queue of queues.values()) {
    // Every queue is bound to the default exchange by its name: drawn only when something was sent that way.
    if (queue.sharing.name !== undefined && sentByName.has(queue.sharing.name))
      addBinding(queue, '', queue.sharing.name);
    for (const exchange of queue.bindings.keys()) exchangeOf(exchange);
  }
  // Which sends reach which pane, by the routing as it stands now (panes subscribed since included).
  const reaching = runs.map((run) => {
    const prediction = input.predict(run.destination);
    return { run, paneKeys: new Set(prediction.groups.flatMap((group) => group.paneKeys)) };
  });
  const sendsTo = (pane: GraphPane) =>
    reaching.filter(({ paneKeys }) => paneKeys.has(pane.key)).map(({ run }) => run);

  const received = (pane: GraphPane, exchange: string) =>
    runs
      .filter((run) => !run.prediction.refused && run.prediction.exchange === exchange)
      .reduce((sum, run) => sum + pane.received(run.runId), 0);
  const totalReceived = (pane: GraphPane) =>
    runs.reduce((sum, run) => sum + pane.received(run.runId), 0);

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const routes: RouteRow[] = [];

  if (runs.length > 0) {
    const sent = runs.reduce((sum, run) => sum + run.sent, 0);
    nodes.push({
      id: SENDER_ID,
      kind: 'sender',
      name: 'sender this dashboard',
      label: 'this dashboard',
      lines: [`${sent} sent in ${plural(runs.length, 'send')}`],
      details: runs.map((run) => `${run.sent} to ${run.destination}`),
      flag: null,
    });
  }

  for (const [name, { destinations }] of exchanges) {
    const type = typeOf(name);
    const id = exchangeNodeId(name);
    const label = name === '' ? DEFAULT_EXCHANGE_LABEL : name;
    const boundQueues = [...queues.values()].filter((queue) => queue.bindings.has(name)).length;
    nodes.push({
      id,
      kind: 'exchange',
      name: `exchange ${label} (${type})`,
      label,
      lines: [type, plural(boundQueues, 'queue') + ' here'],
      details: [
        `${type === 'unknown' ? 'Type unknown: routing assumed to be topic-like' : `A ${type} exchange`}${type === 'headers' ? ' (routes on headers: STOMP bindings without arguments match everything)' : ''}.`,
        ...[...destinations].map(([destination, count]) => `${count} sent to ${destination}`),
      ],
      flag: null,
      exchange: name,
    });
    if (destinations.size > 0) {
      const count = [...destinations.values()].reduce((a, b) => a + b, 0);
      edges.push({
        id: `${SENDER_ID}->${id}`,
        source: SENDER_ID,
        target: id,
        kind: 'send',
        count,
        label: `${count} sent`,
        details: [...destinations].map(([destination, n]) => `${n} sent to ${destination}`),
        overlay: {
          expected: selectedRun?.prediction.exchange === name,
          carried: selectedRun?.prediction.exchange === name && selectedRun.sent > 0,
          flag: null,
        },
      });
    }
    if (boundQueues === 0 && destinations.size > 0) {
      routes.push({
        id: `route:${name}`,
        from: [...destinations.keys()].join(', '),
        exchange: label,
        binding: '—',
        queue: '—',
        pane: '—',
        sent: [...destinations.values()].reduce((a, b) => a + b, 0),
        queueGot: 0,
        paneGot: 0,
        verdict:
          'No pane’s queue is bound here: RabbitMQ drops these messages unless a queue outside the dashboard is bound.',
        flag: null,
      });
    }
  }
  exchangeToExchangeEdges(broker, exchanges, edges);

  let bindingEdges = 0;
  let hiddenBindings = 0;
  const shownPanes = new Set(input.panes.slice(0, limits.panes).map((pane) => pane.key));
  const hiddenPanes = input.panes.length - shownPanes.size;
  const moreId = 'more:panes';
  const moreEdges = new Set<string>();

  for (const queue of queues.values()) {
    const counts = queue.members.map((pane) => totalReceived(pane));
    const brokerQueue = broker?.lists.queues.find((q) => q.name === queue.label);
    const missingOnBroker =
      broker !== null &&
      queue.sharing.kind === 'named' &&
      brokerQueue === undefined &&
      !queue.sharing.bindings.length;
    nodes.push({
      id: queue.id,
      kind: 'queue',
      name: `queue ${queue.label}`,
      label: queue.label,
      lines: queueLines(queue, counts, brokerQueue),
      details: queueDetails(queue, brokerQueue, missingOnBroker),
      flag: missingOnBroker ? 'missing' : null,
    });
    for (const [exchange, keys] of queue.bindings) {
      if (bindingEdges >= limits.bindings) {
        hiddenBindings += keys.size;
        continue;
      }
      bindingEdges += keys.size;
      const got = queue.members.reduce((sum, pane) => sum + received(pane, exchange), 0);
      const keyText = [...keys].map(shownKey).join(', ');
      const onSelected = overlay !== null && overlay.run.prediction.exchange === exchange;
      const memberVerdicts = queue.members.map((pane) => overlay?.cells.get(pane.key));
      const expected =
        onSelected &&
        memberVerdicts.some(
          (cell) => cell?.expected !== undefined && cell.expected.kind !== 'none',
        );
      const gotSelected = onSelected
        ? queue.members.reduce((sum, pane) => sum + pane.received(overlay.run.runId), 0)
        : 0;
      edges.push({
        id: `${exchangeNodeId(exchange)}->${queue.id}`,
        source: exchangeNodeId(exchange),
        target: queue.id,
        kind: 'binding',
        count: got,
        label: `${keyText} · ${got}`,
        details: [
          `Bound with ${keyText}`,
          `${got} of the dashboard’s messages arrived through this binding`,
        ],
        overlay: {
          expected,
          carried: gotSelected > 0,
          flag:
            expected && gotSelected === 0 && !overlay.run.stillArriving
              ? 'missing'
              : !expected && gotSelected > 0
                ? 'unpredicted'
                : null,
        },
      });
    }
    queue.members.forEach((pane, index) => {
      const cell = overlay?.cells.get(pane.key);
      const flag = cell ? (VERDICT_FLAGS[cell.status] ?? null) : null;
      const watching = isWatchPane(pane);
      const verdict = watching
        ? FIREHOSE_MARK
        : cell
          ? verdictWords(cell.status, cell.detail)
          : 'no send selected';
      const sends = sendsTo(pane);
      routes.push({
        id: `route:${queue.id}:${pane.key}`,
        from: [...new Set(sends.map((run) => run.destination))].join(', ') || '—',
        exchange:
          [...queue.bindings.keys()]
            .map((x) => (x === '' ? DEFAULT_EXCHANGE_LABEL : x))
            .join(', ') || '—',
        binding:
          [...queue.bindings.values()].flatMap((keys) => [...keys].map(shownKey)).join(', ') || '—',
        queue: queue.label,
        pane: pane.label,
        sent: sends.reduce((sum, run) => sum + run.sent, 0),
        queueGot: counts.reduce((a, b) => a + b, 0),
        paneGot: counts[index] ?? 0,
        verdict,
        flag,
      });
      const edgeOverlay = {
        expected: cell?.expected !== undefined && cell.expected.kind !== 'none',
        carried: overlay !== null && pane.received(overlay.run.runId) > 0,
        flag,
      };
      if (!shownPanes.has(pane.key)) {
        if (!moreEdges.has(queue.id)) {
          moreEdges.add(queue.id);
          edges.push({
            id: `${queue.id}->${moreId}`,
            source: queue.id,
            target: moreId,
            kind: 'consume',
            count: 0,
            label: '',
            details: [],
            overlay: { expected: false, carried: false, flag: null },
          });
        }
        return;
      }
      edges.push({
        id: `${queue.id}->${paneNodeId(pane.key)}`,
        source: queue.id,
        target: paneNodeId(pane.key),
        kind: 'consume',
        count: counts[index] ?? 0,
        label: watching ? `${counts[index] ?? 0} via firehose` : String(counts[index] ?? 0),
        details: [
          watching
            ? `${pane.label} saw ${counts[index] ?? 0} of the dashboard’s messages ${FIREHOSE_MARK}`
            : `${pane.label} received ${counts[index] ?? 0} of the dashboard’s messages from ${queue.label}`,
        ],
        overlay: edgeOverlay,
      });
    });
  }

  for (const pane of input.panes) {
    if (!shownPanes.has(pane.key)) continue;
    const cell = overlay?.cells.get(pane.key);
    const flag = cell ? (VERDICT_FLAGS[cell.status] ?? null) : null;
    nodes.push({
      id: paneNodeId(pane.key),
      kind: 'pane',
      name: `pane ${pane.label}`,
      label: pane.label,
      lines: isWatchPane(pane)
        ? [`${totalReceived(pane)} ${FIREHOSE_MARK}`]
        : [
            `${totalReceived(pane)} received`,
            ...(cell ? [verdictWords(cell.status, cell.detail)] : []),
          ],
      details: [
        `Subscribed to ${pane.destination}`,
        ...(cell ? [`Selected send: ${cell.detail}`] : []),
      ],
      flag,
      paneKey: pane.key,
    });
  }
  if (hiddenPanes > 0) {
    nodes.push({
      id: moreId,
      kind: 'more',
      name: `and ${hiddenPanes} more panes`,
      label: `and ${hiddenPanes} more panes`,
      lines: [],
      details: ['Only the first panes are drawn; the Routes table lists them all.'],
      flag: null,
    });
  }
  if (hiddenBindings > 0) {
    nodes.push({
      id: 'more:bindings',
      kind: 'more',
      name: `and ${hiddenBindings} more bindings`,
      label: `and ${hiddenBindings} more bindings`,
      lines: [],
      details: ['Only the first bindings are drawn.'],
      flag: null,
    });
  }

  return {
    nodes,
    edges,
    routes,
    selected: overlay
      ? {
          runId: overlay.run.runId,
          destination: overlay.run.destination,
          sent: overlay.run.sent,
          summary: overlay.summary,
        }
      : null,
  };
}

/** The selected send judged against a prediction made with the panes as they are now. */
function judgeSelected(run: GraphRun, input: GraphInput) {
  const prediction = input.predict(run.destination);
  // Watch panes take nothing: what they saw through the firehose is shown, not judged.
  const received = new Map(
    input.panes
      .filter((pane) => !isWatchPane(pane))
      .map((pane) => [pane.key, pane.received(run.runId)]),
  );
  const late = new Set(
    input.panes.filter((pane) => !run.subscribedPaneKeys.has(pane.key)).map((pane) => pane.key),
  );
  const verdict = compareDelivery(prediction, run.sent, received, late, {
    stillArriving: run.stillArriving,
  });
  return { run, cells: verdict.cells, summary: verdict.summary };
}

/** Groups panes by the queue they consume, named as the broker names it once the topology says. */
function placeQueues(
  panes: readonly GraphPane[],
  broker: GraphInput['broker'],
): Map<string, QueueInfo> {
  const sharing = queueSharing(panes);
  const brokerNames = new Map(
    (broker?.topology.panes ?? []).flatMap((pane) =>
      pane.queue ? [[pane.paneKey, pane.queue.name] as const] : [],
    ),
  );
  const queues = new Map<string, QueueInfo>();
  for (const pane of panes) {
    const share = sharing.get(pane.key);
    if (!share) continue;
    const group = [pane.key, ...share.sharedWith].sort();
    const id =
      share.name !== undefined ? `queue:named:${share.name}` : `queue:${share.kind}:${group[0]}`;
    const queue = getOrAdd(queues, id, () => ({
      id,
      label: share.name ?? brokerNames.get(pane.key) ?? share.display,
      members: [],
      sharing: share,
      bindings: new Map(),
    }));
    queue.members.push(pane);
    for (const binding of share.bindings) addBinding(queue, binding.exchange, binding.pattern);
  }
  // The broker may know more bindings of these queues (declared by other clients, or header arguments).
  for (const binding of broker?.lists.bindings ?? []) {
    if (binding.destination_type !== 'queue' || binding.source === '') continue;
    for (const queue of queues.values()) {
      if (queue.label !== binding.destination) continue;
      const args = Object.entries(binding.arguments ?? {});
      addBinding(
        queue,
        binding.source,
        args.length > 0
          ? args.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')
          : binding.routing_key,
      );
    }
  }
  return queues;
}

function addBinding(queue: QueueInfo, exchange: string, key: string): void {
  getOrAdd(queue.bindings, exchange, () => new Set()).add(key);
}

/** Exchange-to-exchange bindings from an exchange sent to into one already drawn: on a path from a send to a pane. */
function exchangeToExchangeEdges(
  broker: GraphInput['broker'],
  exchanges: Map<string, unknown>,
  edges: GraphEdge[],
): void {
  for (const binding of broker?.lists.bindings ?? []) {
    if (
      binding.destination_type !== 'exchange' ||
      !exchanges.has(binding.source) ||
      !exchanges.has(binding.destination)
    )
      continue;
    edges.push({
      id: `${exchangeNodeId(binding.source)}->${exchangeNodeId(binding.destination)}:${binding.routing_key}`,
      source: exchangeNodeId(binding.source),
      target: exchangeNodeId(binding.destination),
      kind: 'binding',
      count: 0,
      label: shownKey(binding.routing_key),
      details: [
        `Exchange ${binding.source} forwards to ${binding.destination} with ${shownKey(binding.routing_key)}`,
      ],
      overlay: { expected: false, carried: false, flag: null },
    });
  }
}

function brokerExchangeTypes(broker: GraphInput['broker']): Record<string, ExchangeType> {
  const types: Record<string, ExchangeType> = {};
  for (const exchange of broker?.lists.exchanges ?? []) {
    const type = exchange.type ?? '';
    types[exchange.name] = ['topic', 'direct', 'fanout', 'headers'].includes(type)
      ? (type as ExchangeType)
      : 'unknown';
  }
  return types;
}
