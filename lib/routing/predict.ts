import { type Destination, formatDestination, parseDestination } from './destination';
import { type ExchangeType, exchangeTypeOf } from './exchange-types';
import {
  type PaneLike,
  type QueueKind,
  type QueueModel,
  type SendTarget,
  namedQueueId,
  placePane,
  SEND_QUEUE_FLAGS,
} from './queue-model';
import { compileTopicPattern } from './topic';
import {
  declarationCaveats,
  duplicateIdCaveats,
  exchangeName,
  joinWords,
  matchReason,
  missReason,
  nothingReachedCaveat,
  queueRef,
  sendCaveats,
  sendDeclarationClash,
  shown,
  streamCaveat,
} from './wording';

/**
 * Predicts which panes a SEND reaches, and how: a copy each (fan-out: every subscription has
 * its own queue) or turns on one shared queue (round-robin: competing consumers). It models
 * RabbitMQ 3.10's STOMP adapter with its default configuration, as read in its source:
 *
 * - SUBSCRIBE to `/topic/P` or `/exchange/X/P` declares a queue and binds it to the exchange
 *   (`amq.topic` for `/topic/`) with binding key P, with no binding arguments. Its name
 *   (`rabbit_stomp_util:subscription_queue_name`) is the `x-queue-name` header when given;
 *   otherwise `stomp-subscription-` plus an MD5 of {P, Id}, where Id is the subscription `id`
 *   when `durable` (or `persistent`) is true and a fresh random value otherwise
 *   (`rabbit_stomp_processor:build_subscription_id`). The exchange is not part of the name,
 *   and `auto-delete` plays no part in it.
 * - The declared queue's flags (`rabbit_routing_util:queue_declare_method` with
 *   `rabbit_stomp_util:default_params`): `/topic/` queues are non-exclusive, `/exchange/`
 *   queues are exclusive unless `exclusive:false`; both auto-delete unless `auto-delete:false`;
 *   durable only with `durable:true`. `/queue/Q` declares Q durable (exclusive and auto-delete
 *   when `durable:false`); `/amq/queue/Q` and `/reply-queue/Q` declare nothing. Declaring an
 *   existing queue with other flags fails and closes that STOMP connection
 *   (`rabbit_amqqueue:assert_equivalence`).
 * - SUBSCRIBE to `/queue/Q`, `/amq/queue/Q` or `/reply-queue/Q` consumes from queue Q, which
 *   is bound to nothing but the default exchange (every queue is, by its name).
 * - SEND to `/topic/K` publishes to `amq.topic` with routing key K, `/exchange/X/K` to X with
 *   K (K may be empty), and `/queue/Q`, `/amq/queue/Q`, `/reply-queue/Q` to the default
 *   exchange with key Q (`rabbit_routing_util:parse_routing`); `/queue/Q` first declares Q.
 * - A queue gets one copy of a message however many of its bindings match; its consumers take
 *   turns (round-robin), except on a stream queue, where every consumer reads every message.
 *
 * Assumes the broker setting `stomp.default_topic_exchange` is left at `amq.topic`.
 */

/** One queue a SEND reaches, and the panes consuming from it. */
export type DeliveryGroup = {
  /** The queue's name, or a description such as `private queue of sub-a`. */
  queue: string;
  queueKind: QueueKind;
  /** `copy`: the one pane gets every message; `round-robin`: the panes take turns. */
  kind: 'copy' | 'round-robin';
  paneKeys: string[];
  /** Why, in plain words, e.g. `pattern orders.# matches orders.eu.paid`. */
  reason: string;
};

/** What {@link predictDelivery} expects a SEND to do. */
export type Prediction = {
  /** The SEND destination as given. */
  destination: string;
  /** The routing key the message is published with. */
  routingKey: string;
  /** The exchange it is published to; `''` is the default exchange. */
  exchange: string;
  exchangeType: ExchangeType;
  /**
   * False when the outcome rests on an assumption (an exchange of unknown type, a headers
   * exchange); the caveats say which.
   */
  certain: boolean;
  /** Set when RabbitMQ refuses this SEND outright: nothing is delivered. */
  refused?: string;
  /** One group per queue reached, in the order of the panes. */
  groups: DeliveryGroup[];
  notReached: { paneKey: string; reason: string }[];
  /** What may make the broker behave otherwise, in plain words. */
  caveats: string[];
  /**
   * The caveats (same texts, same order) that mean messages would really be lost: the SEND is
   * refused, a connection would be closed, or the broker drops them for certain. The others are
   * information (an assumption, a literal "*", messages waiting in a queue).
   */
  warnings: string[];
  /** Every pane considered, in the order given, with its label. */
  panes: { key: string; label: string }[];
};

/** Options of {@link predictDelivery}. */
export type PredictOptions = {
  /**
   * Types of the exchanges besides the built-in ones, e.g. from the management API. An
   * exchange missing here is of `unknown` type: the prediction assumes topic semantics and
   * says so.
   */
  exchangeTypes?: Readonly<Record<string, ExchangeType>>;
  /**
   * Names of the queues the broker listed (management API), when known: a SEND to
   * `/amq/queue/NAME` of a queue not among them is dropped without a word.
   */
  queues?: ReadonlySet<string>;
};

/**
 * Predicts which panes a SEND to `sendDestination` reaches and how (see the module comment
 * for the model). Every pane ends up either in exactly one {@link DeliveryGroup} or in
 * `notReached` with a reason.
 *
 * @example
 * predictDelivery(
 *   [
 *     { key: 'a', label: 'A', subscriptionId: 'a', destination: '/topic/orders.#', connectionKey: 'a' },
 *     { key: 'c', label: 'C', subscriptionId: 'c', destination: '/queue/jobs', connectionKey: 'c' },
 *   ],
 *   '/topic/orders.eu',
 * ).groups // [{ queue: 'private queue of A', kind: 'copy', paneKeys: ['a'], ... }]
 */
export function predictDelivery(
  panes: readonly PaneLike[],
  sendDestination: string,
  options: PredictOptions = {},
): Prediction {
  const caveats: string[] = [];
  const notReached: Prediction['notReached'] = [];
  const queues = new Map<string, QueueModel>();
  const paneList = panes.map((pane) => ({ key: pane.key, label: pane.label }));

  for (const pane of panes) {
    const placed = placePane(pane, queues);
    if (!placed.ok) notReached.push({ paneKey: pane.key, reason: placed.reason });
  }
  // Each of these closes a connection, so its panes receive nothing until it reconnects.
  const losses = [
    ...duplicateIdCaveats(panes),
    ...[...queues.values()].flatMap(declarationCaveats),
  ];
  caveats.push(...losses);

  const parsed = parseDestination(sendDestination);
  const target = parsed.ok ? sendTarget(parsed.value, options) : undefined;
  if (!target) {
    const refused = parsed.ok
      ? `RabbitMQ refuses a SEND to ${sendDestination}: /temp-queue/ only works as the reply-to header of a SEND. Send to /queue/NAME, /topic/KEY or /exchange/NAME/KEY instead.`
      : `RabbitMQ refuses this SEND: ${parsed.error}`;
    const prediction: Prediction = {
      destination: sendDestination,
      routingKey: '',
      exchange: '',
      exchangeType: 'unknown',
      certain: true,
      refused,
      groups: [],
      notReached: [
        ...notReached,
        ...[...queues.values()].flatMap((queue) =>
          queue.members.map((pane) => ({ paneKey: pane.key, reason: 'the SEND is refused' })),
        ),
      ],
      caveats: [refused, ...caveats],
      warnings: [refused, ...losses],
      panes: paneList,
    };
    prediction.notReached.sort(byPaneOrder(panes));
    return prediction;
  }

  const sent = sendCaveats(target, options);
  caveats.unshift(...sent.map((caveat) => caveat.text));
  losses.push(...sent.filter((caveat) => caveat.loses).map((caveat) => caveat.text));
  const groups: DeliveryGroup[] = [];
  for (const queue of queues.values()) {
    const route = routeToQueue(queue, target);
    if (!route.reached) {
      for (const pane of queue.members)
        notReached.push({ paneKey: pane.key, reason: route.reason });
      continue;
    }
    groups.push(...groupsOf(queue, route.reason));
    if (queue.stream) {
      caveats.push(streamCaveat(queue));
    }
  }
  if (target.exchange === '' && target.destination.kind === 'queue') {
    const refusedDeclaration = sendDeclarationCaveats(target.routingKey, queues);
    caveats.push(...refusedDeclaration);
    losses.push(...refusedDeclaration);
  }
  if (groups.length === 0) caveats.push(nothingReachedCaveat(target));
  notReached.sort(byPaneOrder(panes));

  return {
    destination: sendDestination,
    routingKey: target.routingKey,
    exchange: target.exchange,
    exchangeType: target.type,
    certain: target.typeKnown && target.type !== 'headers',
    groups,
    notReached,
    caveats,
    warnings: caveats.filter((caveat) => losses.includes(caveat)),
    panes: paneList,
  };
}

function byPaneOrder(
  panes: readonly PaneLike[],
): (a: { paneKey: string }, b: { paneKey: string }) => number {
  const order = new Map(panes.map((pane, index) => [pane.key, index]));
  return (a, b) => (order.get(a.paneKey) ?? 0) - (order.get(b.paneKey) ?? 0);
}

function sendTarget(d: Destination, options: PredictOptions): SendTarget | undefined {
  switch (d.kind) {
    case 'temp-queue':
      return undefined;
    case 'topic':
      return {
        exchange: 'amq.topic',
        routingKey: d.pattern,
        type: 'topic',
        typeKnown: true,
        destination: d,
      };
    case 'exchange': {
      const type = exchangeTypeOf(d.exchange, options.exchangeTypes);
      return {
        exchange: d.exchange,
        routingKey: d.pattern,
        type: type ?? 'unknown',
        typeKnown: type !== undefined,
        destination: d,
      };
    }
    case 'queue':
    case 'amq-queue':
    case 'reply-queue':
      return { exchange: '', routingKey: d.queue, type: 'direct', typeKnown: true, destination: d };
  }
}

/** Whether a message to `target` lands in `queue`, and why in plain words. */
function routeToQueue(queue: QueueModel, target: SendTarget): { reached: boolean; reason: string } {
  const key = target.routingKey;
  if (target.exchange === '') {
    if (queue.name === key) {
      return {
        reached: true,
        reason: `the default exchange delivers routing key ${shown(key)} to the queue of that name`,
      };
    }
    if (queue.name !== undefined) {
      return {
        reached: false,
        reason: `it consumes queue ${queue.name}, but the message goes to queue ${shown(key)}`,
      };
    }
    const binding = queue.bindings[0];
    const where = binding
      ? `its queue is bound to ${exchangeName(binding.exchange)} with pattern ${shown(binding.pattern)}`
      : 'its queue has no name a SEND could use';
    return {
      reached: false,
      reason: `${where}; a SEND to ${formatDestination(target.destination)} goes through the default exchange straight to queue ${shown(key)}`,
    };
  }

  const onExchange = queue.bindings.filter((b) => b.exchange === target.exchange);
  const matched = onExchange.filter((b) => bindingMatches(target.type, b.pattern, key));
  const first = matched[0];
  if (first) {
    const patterns = new Set(matched.map((b) => b.pattern));
    const once =
      patterns.size > 1
        ? ` (${patterns.size} of its bindings match; a queue still gets each message once)`
        : '';
    return { reached: true, reason: matchReason(target, first.pattern) + once };
  }
  if (onExchange.length > 0) {
    const reasons = [...new Set(onExchange.map((b) => missReason(target, b.pattern)))];
    return { reached: false, reason: reasons.join('; ') };
  }
  const firstBinding = queue.bindings[0];
  if (firstBinding) {
    const elsewhere = [...new Set(queue.bindings.map((b) => exchangeName(b.exchange)))].join(
      ' and ',
    );
    return {
      reached: false,
      reason: `its queue is bound to ${elsewhere}, but the message goes to ${exchangeName(target.exchange)}`,
    };
  }
  return {
    reached: false,
    reason: `it consumes queue ${queue.display}, which is bound only to the default exchange (by its name), so a message published to ${exchangeName(target.exchange)} never reaches it; SEND to /queue/ or /amq/queue/ with that name to reach it`,
  };
}

function bindingMatches(type: ExchangeType, pattern: string, key: string): boolean {
  switch (type) {
    case 'direct':
      return pattern === key;
    case 'fanout':
    case 'headers':
      return true;
    case 'topic':
    case 'unknown':
      return compileTopicPattern(pattern)(key);
  }
}

function groupsOf(queue: QueueModel, routeReason: string): DeliveryGroup[] {
  const paneKeys = queue.members.map((pane) => pane.key);
  const labels = joinWords(queue.members.map((pane) => pane.label));
  if (queue.stream) {
    return queue.members.map((pane) => ({
      queue: queue.display,
      queueKind: queue.kind,
      kind: 'copy',
      paneKeys: [pane.key],
      reason: `${routeReason}; queue ${queue.display} is a stream, so every consumer reads every message`,
    }));
  }
  if (queue.members.length === 1) {
    const only =
      queue.kind === 'private'
        ? '; it has a queue of its own'
        : `; the only consumer of ${queueRef(queue)}`;
    return [
      {
        queue: queue.display,
        queueKind: queue.kind,
        kind: 'copy',
        paneKeys,
        reason: routeReason + only,
      },
    ];
  }
  const why =
    queue.kind === 'durable-subscription'
      ? `${labels} are durable subscriptions with the same id and pattern, so they share one queue and take turns`
      : `${labels} consume the same queue ${queue.display}, so they take turns`;
  return [
    {
      queue: queue.display,
      queueKind: queue.kind,
      kind: 'round-robin',
      paneKeys,
      reason: `${routeReason}; ${why}`,
    },
  ];
}

/** `A`, `A and B`, `A, B and C`. */
/** A SEND to `/queue/Q` declares Q as {@link SEND_QUEUE_FLAGS}: a pane's other declaration clashes. */
function sendDeclarationCaveats(name: string, queues: ReadonlyMap<string, QueueModel>): string[] {
  const queue = queues.get(namedQueueId(name));
  if (!queue) return [];
  const clash = queue.declarations.filter(
    (d) =>
      d.flags.durable !== SEND_QUEUE_FLAGS.durable ||
      d.flags.autoDelete !== SEND_QUEUE_FLAGS.autoDelete ||
      d.flags.exclusive !== SEND_QUEUE_FLAGS.exclusive,
  );
  return clash.length === 0
    ? []
    : [
        sendDeclarationClash(
          name,
          clash.map((d) => d.pane.label),
        ),
      ];
}
