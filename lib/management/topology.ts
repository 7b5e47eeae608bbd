import { stompConsumerTag } from './consumer-tag';
import { formatDestination, parseDestination } from '@/lib/routing/destination';
import type { ExchangeType } from '@/lib/routing/exchange-types';
import type {
  ManagementBinding,
  ManagementConsumer,
  ManagementExchange,
  ManagementQueue,
} from './sanitize';

/**
 * Which queue each pane reads from, what feeds that queue, and who else competes for it:
 * the picture behind "why does this pane see every message and that one only half of them".
 *
 * RabbitMQ's STOMP adapter tags each consumer `T_<subscription id>`, so a pane is found in
 * `/api/consumers/{vhost}` by its subscription id. All inputs must come from one vhost.
 */

/** A pane as the topology needs it. */
export interface TopologyPane {
  key: string;
  subscriptionId: string;
  destination: string;
}

export interface TopologyInput {
  panes: readonly TopologyPane[];
  queues: readonly ManagementQueue[];
  bindings: readonly ManagementBinding[];
  consumers: readonly ManagementConsumer[];
  exchanges: readonly ManagementExchange[];
}

/** An exchange binding that feeds a queue. The default exchange ("") is left out: every queue has it. */
export interface TopologyBinding {
  exchange: string;
  /** `direct`, `topic`, `fanout`, `headers`, …; `unknown` when the exchange is not listed. */
  exchangeType: string;
  routingKey: string;
}

export interface PaneTopology {
  paneKey: string;
  /** The queue the pane consumes from; absent until the broker lists it, or when ambiguous. */
  queue?: {
    name: string;
    /**
     * Consumers on the queue, counted in `/api/consumers`. Like every management statistic it
     * trails the broker by up to ~5 s (measured 3-5 s on 3.10.8 after a SUBSCRIBE).
     */
    consumers: number;
    /** Messages waiting; null until the broker has reported the queue's statistics. */
    messagesReady: number | null;
    /** Messages delivered and not yet acknowledged; null until reported. */
    messagesUnacknowledged: number | null;
    type: string;
  };
  /** Every queue with a consumer tagged with the pane's subscription id (more than one when several connections share the id). */
  candidateQueues: string[];
  bindings: TopologyBinding[];
  /** Other panes consuming from the same queue: each message goes to only one of them. */
  roundRobinWith: string[];
  /** One or more sentences for a person, when something needs saying. */
  note?: string;
}

export interface QueueTopology {
  name: string;
  /** Panes known to consume from this queue. */
  paneKeys: string[];
  consumers: number;
  /** More than one consumer (panes or others): messages are split between them, not copied. */
  roundRobin: boolean;
}

export interface Topology {
  panes: PaneTopology[];
  queues: QueueTopology[];
}

export { stompConsumerTag };

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Keeps the candidates whose name or bindings fit the pane's destination; all of them when none fit. */
function narrowByDestination(
  candidates: string[],
  destination: string,
  bindingsOf: (queue: string) => TopologyBinding[],
): string[] {
  const parsed = parseDestination(destination);
  if (!parsed.ok) return candidates;
  const d = parsed.value;
  let fits: (queue: string) => boolean;
  switch (d.kind) {
    case 'queue':
    case 'amq-queue':
      fits = (queue) => queue === d.queue;
      break;
    case 'topic':
    case 'exchange': {
      const exchange = d.kind === 'topic' ? 'amq.topic' : d.exchange;
      fits = (queue) =>
        bindingsOf(queue).some((b) => b.exchange === exchange && b.routingKey === d.pattern);
      break;
    }
    default:
      return candidates;
  }
  const narrowed = candidates.filter(fits);
  return narrowed.length > 0 ? narrowed : candidates;
}

/**
 * Builds the pane → queue → exchange picture from the management API's lists.
 *
 * - Two panes on one `/queue/jobs` share the queue `jobs`: `roundRobin`, 2 consumers.
 * - Two panes on `/topic/orders.#` get a queue each, both bound to `amq.topic` with `orders.#`.
 * - Two connections with a durable subscription under one id share one queue: round-robin.
 *
 * Panes whose subscription id also appears on other queues list them all in `candidateQueues`;
 * the destination narrows them down when it can (the queue name, or a matching binding).
 */
export function buildTopology(input: TopologyInput): Topology {
  const queuesByName = new Map(input.queues.map((q) => [q.name, q]));
  const exchangeTypes = new Map(input.exchanges.map((x) => [x.name, x.type ?? 'unknown']));
  const consumersByTag = groupBy(input.consumers, (c) => c.consumer_tag);
  const consumersByQueue = groupBy(input.consumers, (c) => c.queue.name);
  const bindingsByQueue = groupBy(
    input.bindings.filter((b) => b.destination_type === 'queue' && b.source !== ''),
    (b) => b.destination,
  );
  const bindingsOf = (queue: string): TopologyBinding[] =>
    (bindingsByQueue.get(queue) ?? []).map((b) => ({
      exchange: b.source,
      exchangeType: exchangeTypes.get(b.source) ?? 'unknown',
      routingKey: b.routing_key,
    }));
  const consumerCount = (queue: string) =>
    consumersByQueue.get(queue)?.length ?? queuesByName.get(queue)?.consumers ?? 0;

  const resolved = input.panes.map((pane) => {
    const tag = stompConsumerTag(pane.subscriptionId);
    const all = [...new Set((consumersByTag.get(tag) ?? []).map((c) => c.queue.name))];
    const candidates = narrowByDestination(all, pane.destination, bindingsOf);
    return { pane, candidates, queue: candidates.length === 1 ? candidates[0] : undefined };
  });

  const queueOrder: string[] = [];
  const panesByQueue = new Map<string, string[]>();
  for (const { pane, candidates, queue } of resolved) {
    for (const name of candidates) {
      if (!panesByQueue.has(name)) {
        panesByQueue.set(name, []);
        queueOrder.push(name);
      }
    }
    if (queue !== undefined) panesByQueue.get(queue)?.push(pane.key);
  }

  const queues: QueueTopology[] = queueOrder.map((name) => {
    const paneKeys = panesByQueue.get(name) ?? [];
    const consumers = Math.max(consumerCount(name), paneKeys.length);
    return { name, paneKeys, consumers, roundRobin: consumers > 1 };
  });
  const queueTopology = new Map(queues.map((q) => [q.name, q]));

  const panes = resolved.map(({ pane, candidates, queue }): PaneTopology => {
    const tag = stompConsumerTag(pane.subscriptionId);
    if (queue === undefined) {
      const note =
        candidates.length === 0
          ? `No consumer tagged ${tag} yet: the broker lists a new subscription after a few seconds, or the pane is not subscribed.`
          : `${plural(candidates.length, 'queue')} have a consumer tagged ${tag} (${candidates.join(', ')}): ` +
            'several connections use this subscription id, and the management API cannot tell which queue is this pane’s.';
      return {
        paneKey: pane.key,
        candidateQueues: candidates,
        bindings: [],
        roundRobinWith: [],
        note,
      };
    }
    const info = queueTopology.get(queue);
    const stats = queuesByName.get(queue);
    const bindings = bindingsOf(queue);
    const roundRobinWith = (info?.paneKeys ?? []).filter((key) => key !== pane.key);
    const consumers = info?.consumers ?? 1;
    const notes: string[] = [];
    if (bindings.length === 0) {
      const byName = formatDestination({ kind: 'amq-queue', queue });
      notes.push(
        `No exchange feeds ${queue}: only messages sent to it by name (the default exchange, e.g. SEND to ${byName}) arrive.`,
      );
    }
    const others = consumers - 1 - roundRobinWith.length;
    if (consumers > 1) {
      const who = [
        roundRobinWith.length > 0 ? plural(roundRobinWith.length, 'other pane') : '',
        others > 0 ? plural(others, 'consumer') + ' outside these panes' : '',
      ].filter(Boolean);
      notes.push(
        `Shares ${queue} with ${who.join(' and ')}: each message goes to only one of them (round-robin).`,
      );
    }
    return {
      paneKey: pane.key,
      queue: {
        name: queue,
        consumers,
        messagesReady: stats?.messages_ready ?? null,
        messagesUnacknowledged: stats?.messages_unacknowledged ?? null,
        type: stats?.type ?? 'classic',
      },
      candidateQueues: candidates,
      bindings,
      roundRobinWith,
      ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    };
  });

  return { panes, queues };
}

/** Queues the server named for a subscription or a client: useful in the topology, noise in suggestions. */
const SERVER_NAMED_QUEUE = /^(amq\.gen-|stomp-subscription-)/;

/**
 * Names to offer in the subscribe and send forms: exchanges (without the default and internal
 * ones), queues (without server-named ones), and ready-made destinations for both.
 * A queue gets `/amq/queue/<q>` (consume what exists); `/queue/<q>` only when the queue is
 * durable, not auto-delete and has no arguments, because for any other queue the SUBSCRIBE
 * would redeclare it with different settings and the broker would close the connection.
 * Exclusive queues belong to another connection and get no destination. Names containing the
 * literal text `%2F` cannot be written as a STOMP destination and get none either.
 *
 * @example suggestNames([{ name: 'orders', vhost: '/', type: 'topic' }], [{ name: 'jobs', vhost: '/', durable: true, auto_delete: false, arguments: {} }])
 * // { exchanges: ['orders'], queues: ['jobs'], destinations: ['/exchange/orders/', '/queue/jobs', '/amq/queue/jobs'] }
 */
export function suggestNames(
  exchanges: readonly ManagementExchange[],
  queues: readonly ManagementQueue[],
): { exchanges: string[]; queues: string[]; destinations: string[] } {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const expressible = (name: string) => !name.includes('%2F');
  const shownExchanges = exchanges.filter((x) => x.name !== '' && x.internal !== true).sort(byName);
  const shownQueues = queues.filter((q) => !SERVER_NAMED_QUEUE.test(q.name)).sort(byName);

  const destinations: string[] = [];
  for (const x of shownExchanges) {
    if (expressible(x.name)) {
      destinations.push(
        `${formatDestination({ kind: 'exchange', exchange: x.name, pattern: '' })}/`,
      );
    }
  }
  for (const q of shownQueues) {
    if (!expressible(q.name) || q.exclusive === true) continue;
    const plain =
      q.durable === true && q.auto_delete !== true && Object.keys(q.arguments ?? {}).length === 0;
    if (plain) destinations.push(formatDestination({ kind: 'queue', queue: q.name }));
    destinations.push(formatDestination({ kind: 'amq-queue', queue: q.name }));
  }
  return {
    exchanges: [...new Set(shownExchanges.map((x) => x.name))],
    queues: [...new Set(shownQueues.map((q) => q.name))],
    destinations: [...new Set(destinations)],
  };
}

const ROUTING_TYPES: ReadonlySet<string> = new Set(['topic', 'direct', 'fanout', 'headers']);

/**
 * The exchanges' types as the routing model knows them, for `predictDelivery`: a plugin's type
 * (`x-consistent-hash`, `x-delayed-message`…) is `unknown`, which the prediction says it assumes.
 *
 * @example exchangeTypesOf([{ name: 'events', vhost: '/', type: 'fanout' }]) // { events: 'fanout' }
 */
export function exchangeTypesOf(
  exchanges: readonly ManagementExchange[],
): Record<string, ExchangeType> {
  const types: Record<string, ExchangeType> = {};
  for (const exchange of exchanges) {
    if (exchange.name === '') continue;
    const type = exchange.type ?? '';
    types[exchange.name] = ROUTING_TYPES.has(type) ? (type as ExchangeType) : 'unknown';
  }
  return types;
}
