import type { PaneConfig } from '../panes/pane-config';
import { type Destination, formatDestination, parseDestination } from './destination';
import { compileTopicPattern } from './topic';

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

/** An exchange type as far as routing is concerned; `unknown` when nothing says which. */
export type ExchangeType = 'topic' | 'direct' | 'fanout' | 'headers' | 'unknown';

/** The queue options of a subscription that matter to routing; `PaneConfig['queue']` fits. */
export type PaneQueueOptions = {
  durable?: boolean;
  autoDelete?: boolean;
  exclusive?: boolean;
  /** The `x-queue-name` header: names the queue of a `/topic/` or `/exchange/` subscription. */
  queueName?: string;
  messageTtlMs?: number;
  maxLength?: number;
  queueType?: 'classic' | 'quorum' | 'stream';
};

/** The facts about a pane that decide what it receives. */
export type PaneLike = {
  /** Identifies the pane in the dashboard. */
  key: string;
  /** How a person names the pane in sentences, e.g. its subscription id. */
  label: string;
  /** The STOMP `id` of its subscription. */
  subscriptionId: string;
  /** The SUBSCRIBE destination as typed, e.g. `/topic/orders.#`. */
  destination: string;
  /**
   * Which STOMP connection the subscription lives on: panes with a connection of their own
   * have distinct keys, panes on the dashboard's shared connection share one.
   */
  connectionKey: string;
  queue?: PaneQueueOptions;
};

/** The connection key {@link toPaneLike} gives panes on the dashboard's shared connection. */
export const SHARED_CONNECTION_KEY = 'shared';

/**
 * The {@link PaneLike} of a pane's configuration, labelled with its subscription id unless
 * `label` is given. Panes with `connection: 'own'` get a connection key of their own.
 */
export function toPaneLike(config: PaneConfig, label: string = config.subscriptionId): PaneLike {
  return {
    key: config.key,
    label,
    subscriptionId: config.subscriptionId,
    destination: config.destination,
    connectionKey: config.connection === 'shared' ? SHARED_CONNECTION_KEY : `own:${config.key}`,
    queue: config.queue,
  };
}

/**
 * How a queue got its name: `private` (server-named, one subscription's own), `durable-subscription`
 * (named from a durable subscription's id and pattern) or `named` (a name people know: from
 * `/queue/`, `/amq/queue/`, `/reply-queue/` or `x-queue-name`).
 */
export type QueueKind = 'private' | 'durable-subscription' | 'named';

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

/** Types of the exchanges every virtual host has, which no one can redeclare. */
const BUILT_IN_EXCHANGE_TYPES: ReadonlyMap<string, ExchangeType> = new Map([
  ['', 'direct'],
  ['amq.direct', 'direct'],
  ['amq.fanout', 'fanout'],
  ['amq.topic', 'topic'],
  ['amq.headers', 'headers'],
  ['amq.match', 'headers'],
]);

type Binding = { exchange: string; pattern: string; paneKey: string };
type Flags = { durable: boolean; autoDelete: boolean; exclusive: boolean };
type Declaration = { pane: PaneLike; flags: Flags; args: QueueArgs };
type QueueArgs = { messageTtlMs?: number; maxLength?: number; queueType: string };

type QueueModel = {
  id: string;
  kind: QueueKind;
  /** The queue's name when people can know it; the default exchange reaches it by that name. */
  name?: string;
  display: string;
  bindings: Binding[];
  members: PaneLike[];
  declarations: Declaration[];
  stream: boolean;
};

type SendTarget = {
  exchange: string;
  routingKey: string;
  type: ExchangeType;
  /** False when the type is assumed. */
  typeKnown: boolean;
  destination: Destination;
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
      caveats.push(
        `${sentenceStart(queueRef(queue))} is a stream: each consumer reads every message from its starting offset (by default the next message published after it subscribed); STOMP consumers of a stream need ack:client and a prefetch-count.`,
      );
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

/** Adds the pane to the queue its SUBSCRIBE consumes from, or says why it consumes none. */
function placePane(
  pane: PaneLike,
  queues: Map<string, QueueModel>,
): { ok: true } | { ok: false; reason: string } {
  const parsed = parseDestination(pane.destination);
  if (!parsed.ok)
    return {
      ok: false,
      reason: `its destination is invalid, so it has no subscription: ${parsed.error}`,
    };
  const d = parsed.value;
  const options = pane.queue ?? {};
  const args: QueueArgs = {
    messageTtlMs: options.messageTtlMs,
    maxLength: options.maxLength,
    queueType: options.queueType ?? 'classic',
  };
  switch (d.kind) {
    case 'temp-queue':
      return {
        ok: false,
        reason: `${pane.destination} is not a subscription destination: RabbitMQ refuses SUBSCRIBE to /temp-queue/ (it only works as the reply-to header of a SEND)`,
      };
    case 'queue':
    case 'amq-queue':
    case 'reply-queue': {
      const queue = namedQueue(queues, d.queue);
      queue.members.push(pane);
      if (d.kind === 'queue') {
        queue.declarations.push({ pane, flags: queueFlags(options), args });
      }
      if (options.queueType === 'stream' && d.kind === 'queue') queue.stream = true;
      return { ok: true };
    }
    case 'topic':
    case 'exchange': {
      const exchange = d.kind === 'topic' ? 'amq.topic' : d.exchange;
      const pattern = d.pattern;
      let queue: QueueModel;
      if (options.queueName) {
        queue = namedQueue(queues, options.queueName);
      } else if (options.durable === true) {
        const id = `durable:${JSON.stringify([pattern, pane.subscriptionId])}`;
        queue = getOrAdd(queues, id, () => ({
          id,
          kind: 'durable-subscription',
          display: `durable queue of subscription ${pane.subscriptionId} for ${shown(pattern)}`,
          bindings: [],
          members: [],
          declarations: [],
          stream: false,
        }));
      } else {
        const id = `private:${JSON.stringify(pane.key)}`;
        queue = getOrAdd(queues, id, () => ({
          id,
          kind: 'private',
          display: `private queue of ${pane.label}`,
          bindings: [],
          members: [],
          declarations: [],
          stream: false,
        }));
      }
      queue.members.push(pane);
      queue.bindings.push({ exchange, pattern, paneKey: pane.key });
      queue.declarations.push({ pane, flags: exchangeQueueFlags(d.kind, options), args });
      if (options.queueType === 'stream') queue.stream = true;
      return { ok: true };
    }
  }
}

function namedQueue(queues: Map<string, QueueModel>, name: string): QueueModel {
  const id = namedQueueId(name);
  return getOrAdd(queues, id, () => ({
    id,
    kind: 'named',
    name,
    display: name,
    bindings: [],
    members: [],
    declarations: [],
    stream: false,
  }));
}

function namedQueueId(name: string): string {
  return `named:${JSON.stringify(name)}`;
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const created = create();
  map.set(key, created);
  return created;
}

/** Flags a `/queue/` SUBSCRIBE declares its queue with. */
function queueFlags(options: PaneQueueOptions): Flags {
  const durable = options.durable ?? true;
  return {
    durable,
    exclusive: options.exclusive ?? !durable,
    autoDelete: options.autoDelete ?? !durable,
  };
}

/** Flags a `/topic/` or `/exchange/` SUBSCRIBE declares its queue with. */
function exchangeQueueFlags(kind: 'topic' | 'exchange', options: PaneQueueOptions): Flags {
  return {
    durable: options.durable ?? false,
    exclusive: options.exclusive ?? kind === 'exchange',
    autoDelete: options.autoDelete ?? true,
  };
}

/** Flags a SEND to `/queue/Q` declares Q with (once per connection). */
const SEND_QUEUE_FLAGS: Flags = { durable: true, autoDelete: false, exclusive: false };

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
      const type = exchangeType(d.exchange, options);
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

/**
 * The type of exchange `name` as far as routing is known: built in, or from `exchangeTypes`
 * (the management API); `unknown` otherwise.
 *
 * @example knownExchangeType('amq.topic') // 'topic'
 */
export function knownExchangeType(
  name: string,
  exchangeTypes?: Readonly<Record<string, ExchangeType>>,
): ExchangeType {
  return exchangeType(name, { exchangeTypes }) ?? 'unknown';
}

function exchangeType(
  name: string,
  options: PredictOptions,
): Exclude<ExchangeType, 'unknown'> | undefined {
  const builtIn = BUILT_IN_EXCHANGE_TYPES.get(name);
  if (builtIn && builtIn !== 'unknown') return builtIn;
  const types = options.exchangeTypes;
  if (types && Object.hasOwn(types, name)) {
    const type = types[name];
    if (type && type !== 'unknown') return type;
  }
  return undefined;
}

function exchangeName(exchange: string): string {
  return exchange === '' ? 'the default exchange' : exchange;
}

function shown(text: string): string {
  return text === '' ? '"" (empty)' : text;
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

function matchReason(target: SendTarget, pattern: string): string {
  const key = target.routingKey;
  switch (target.type) {
    case 'topic':
      return `pattern ${shown(pattern)} matches ${shown(key)}`;
    case 'unknown':
      return `pattern ${shown(pattern)} matches ${shown(key)} (assuming ${target.exchange} is a topic exchange)`;
    case 'direct':
      return `binding key ${shown(pattern)} equals routing key ${shown(key)} on direct exchange ${target.exchange}`;
    case 'fanout':
      return `bound to fanout exchange ${target.exchange}, which copies every message to every bound queue`;
    case 'headers':
      return `bound to headers exchange ${target.exchange} without binding arguments, which matches every message`;
  }
}

function missReason(target: SendTarget, pattern: string): string {
  const key = target.routingKey;
  if (target.type === 'direct') {
    return `binding key ${shown(pattern)} is not exactly ${shown(key)} (direct exchange ${target.exchange} compares keys literally)`;
  }
  const assumed =
    target.type === 'unknown' ? ` (assuming ${target.exchange} is a topic exchange)` : '';
  return `pattern ${shown(pattern)} does not match ${shown(key)}${assumed}${wildcardHint(pattern, key)}`;
}

/** A hint when `*` where `#` was meant is why a pattern misses. */
function wildcardHint(pattern: string, key: string): string {
  if (!pattern.split('.').includes('*')) return '';
  const widened = pattern
    .split('.')
    .map((word) => (word === '*' ? '#' : word))
    .join('.');
  return compileTopicPattern(widened)(key)
    ? ': * matches exactly one word, # matches any number of words'
    : '';
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
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

function duplicateIdCaveats(panes: readonly PaneLike[]): string[] {
  const byConnectionAndId = new Map<string, PaneLike[]>();
  for (const pane of panes) {
    getOrAdd(byConnectionAndId, `${pane.connectionKey}\u0000${pane.subscriptionId}`, () => []).push(
      pane,
    );
  }
  return [...byConnectionAndId.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const first = group[0];
      return `${joinWords(group.map((pane) => pane.label))} use subscription id ${first?.subscriptionId ?? ''} on the same connection: RabbitMQ closes that whole connection at the second SUBSCRIBE ("Duplicated subscription identifier"), so none of its panes receive anything until it reconnects.`;
    });
}

/** Conflicting declarations of one queue: RabbitMQ refuses the later one and closes its connection. */
function declarationCaveats(queue: QueueModel): string[] {
  const caveats: string[] = [];
  const declarations = queue.declarations;
  const first = declarations[0];
  let mismatched = false;
  if (first && declarations.length > 1) {
    const byFlags = new Map<string, { flags: Flags; labels: string[] }>();
    for (const d of declarations) {
      getOrAdd(byFlags, describeFlags(d.flags), () => ({ flags: d.flags, labels: [] })).labels.push(
        d.pane.label,
      );
    }
    if (byFlags.size > 1) {
      mismatched = true;
      const variants = [...byFlags.values()];
      const exclusiveDiffers = variants.some((v) => v.flags.exclusive !== first.flags.exclusive);
      const othersDiffer = variants.some(
        (v) =>
          v.flags.durable !== first.flags.durable || v.flags.autoDelete !== first.flags.autoDelete,
      );
      const codes = [
        othersDiffer ? 'PRECONDITION_FAILED' : '',
        exclusiveDiffers ? 'RESOURCE_LOCKED' : '',
      ]
        .filter(Boolean)
        .join(' or ');
      const list = [...byFlags.entries()]
        .map(([flags, v]) => `${joinWords(unique(v.labels))} as ${flags}`)
        .join('; ');
      caveats.push(
        `${sentenceStart(queueRef(queue))} is declared with different flags (${list}): RabbitMQ refuses whichever SUBSCRIBE comes second (${codes}) and closes its connection. Give them the same durable, auto-delete and exclusive settings.`,
      );
    }
    const argNames: [keyof QueueArgs, string][] = [
      ['messageTtlMs', 'x-message-ttl'],
      ['maxLength', 'x-max-length'],
      ['queueType', 'x-queue-type'],
    ];
    for (const [arg, header] of argNames) {
      const values = new Set(declarations.map((d) => String(d.args[arg] ?? 'none')));
      if (values.size > 1) {
        caveats.push(
          `${sentenceStart(queueRef(queue))} is declared with different ${header} values (${[...values].join(', ')}) by ${joinWords(unique(declarations.map((d) => d.pane.label)))}: RabbitMQ refuses whichever SUBSCRIBE comes second (PRECONDITION_FAILED) and closes its connection.`,
        );
      }
    }
  }
  const owners = declarations.filter((d) => d.flags.exclusive);
  const connections = new Set(queue.members.map((pane) => pane.connectionKey));
  if (owners.length > 0 && connections.size > 1 && !mismatched) {
    const ownerLabels = joinWords(unique(owners.map((d) => d.pane.label)));
    const hint =
      queue.kind === 'named' || queue.kind === 'durable-subscription'
        ? ' Set exclusive:false on their subscriptions to share it across connections.'
        : '';
    caveats.push(
      `${sentenceStart(queueRef(queue))} is exclusive (declared so by ${ownerLabels}), so only one connection may use it: the panes on other connections are refused (RESOURCE_LOCKED) and their connection is closed.${hint}`,
    );
  }
  return caveats;
}

/** `queue jobs`, `the private queue of A`, `the durable queue of subscription x for a.#`. */
export function queueRef(queue: { kind: QueueKind; display: string }): string {
  return queue.kind === 'named' ? `queue ${queue.display}` : `the ${queue.display}`;
}

function sentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeFlags(flags: Flags): string {
  const yesNo = (on: boolean, word: string) => (on ? word : `not ${word}`);
  return [
    yesNo(flags.durable, 'durable'),
    yesNo(flags.autoDelete, 'auto-delete'),
    yesNo(flags.exclusive, 'exclusive'),
  ].join(', ');
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}

/** A SEND to `/queue/Q` declares Q durable, non-exclusive, non-auto-delete. */
function sendDeclarationCaveats(name: string, queues: ReadonlyMap<string, QueueModel>): string[] {
  const queue = queues.get(namedQueueId(name));
  if (!queue) return [];
  const clash = queue.declarations.filter(
    (d) =>
      d.flags.durable !== SEND_QUEUE_FLAGS.durable ||
      d.flags.autoDelete !== SEND_QUEUE_FLAGS.autoDelete ||
      d.flags.exclusive !== SEND_QUEUE_FLAGS.exclusive,
  );
  if (clash.length === 0) return [];
  return [
    `A SEND to /queue/${name} declares queue ${name} as durable, not exclusive and not auto-delete, but ${joinWords(unique(clash.map((d) => d.pane.label)))} declared it otherwise: RabbitMQ refuses the SEND's declaration and closes the sending connection. Send to /amq/queue/${name}, which declares nothing.`,
  ];
}

/** What to know about the SEND itself; `loses` when the broker would certainly lose the messages. */
function sendCaveats(
  target: SendTarget,
  options: PredictOptions,
): { text: string; loses: boolean }[] {
  const caveats: { text: string; loses: boolean }[] = [];
  const info = (text: string) => caveats.push({ text, loses: false });
  const loss = (text: string) => caveats.push({ text, loses: true });
  const { exchange } = target;
  if (target.type === 'unknown') {
    info(
      `The type of exchange ${exchange} is unknown, so this prediction assumes topic semantics. If ${exchange} is a direct exchange only identical binding keys match; if it is fanout or headers, every pane bound to it gets a copy.`,
    );
    if (options.exchangeTypes) {
      loss(
        `Exchange ${exchange} is not among the known exchanges: if it does not exist, RabbitMQ closes the sending connection (NOT_FOUND) and subscriptions to it fail the same way.`,
      );
    }
  }
  if (target.type === 'headers') {
    info(
      `${exchange} is a headers exchange: it ignores routing keys and routes on message headers. STOMP subscriptions bind without arguments, which RabbitMQ treats as matching every message, so every pane bound to it is predicted to get a copy; queues bound elsewhere with x-match arguments are not visible here.`,
    );
  }
  if (
    target.destination.kind === 'amq-queue' &&
    options.queues &&
    !options.queues.has(target.destination.queue)
  ) {
    const name = target.destination.queue;
    loss(
      `Queue ${name} was not among the broker's queues a moment ago. If it still does not exist, RabbitMQ drops a SEND to /amq/queue/${name} without an error, and confirms its receipt all the same: nothing arrives anywhere. /amq/queue/ declares nothing; send to /queue/${name} to have the queue created.`,
    );
  }
  if (
    exchange !== '' &&
    target.type !== 'fanout' &&
    target.type !== 'headers' &&
    /[*#]/.test(target.routingKey)
  ) {
    info(
      `On SEND, "*" and "#" are not wildcards: the routing key is the literal text ${target.routingKey}.`,
    );
  }
  return caveats;
}

function nothingReachedCaveat(target: SendTarget): string {
  const key = target.routingKey;
  switch (target.destination.kind) {
    case 'queue':
      return `No pane consumes queue ${shown(key)}: the messages wait in it (a SEND to /queue/ declares it) until someone subscribes.`;
    case 'amq-queue':
    case 'reply-queue':
      return `No pane consumes queue ${shown(key)}: if it exists the messages wait there; if not, RabbitMQ drops them without telling the sender.`;
    default:
      return `No pane's queue is bound to ${exchangeName(target.exchange)} with a matching key: unless a queue outside this dashboard is, RabbitMQ drops these messages without telling the sender.`;
  }
}

/** The count a pane should end up with after `sent` messages; see {@link expectedCounts}. */
export type ExpectedCount =
  /** The pane gets every message: exactly `exact` (the number sent). */
  | { kind: 'copy'; exact: number }
  /** The pane's queue gets `groupTotal` in all, split between `members` panes in turns. */
  | { kind: 'share'; groupTotal: number; members: number }
  /** The SEND does not reach the pane: `exact` is 0. */
  | { kind: 'none'; exact: 0 };

/**
 * What each pane of the prediction should count after `sent` messages: `copy` panes all of
 * them, `share` panes a part of their queue's total (about `groupTotal / members`, not exactly:
 * round-robin depends on who is ready), and panes not reached none.
 *
 * @example expectedCounts(prediction, 10).get('a') // { kind: 'copy', exact: 10 }
 */
export function expectedCounts(prediction: Prediction, sent: number): Map<string, ExpectedCount> {
  const counts = new Map<string, ExpectedCount>();
  for (const group of prediction.groups) {
    for (const key of group.paneKeys) {
      counts.set(
        key,
        group.kind === 'copy'
          ? { kind: 'copy', exact: sent }
          : { kind: 'share', groupTotal: sent, members: group.paneKeys.length },
      );
    }
  }
  for (const { paneKey } of prediction.notReached) counts.set(paneKey, { kind: 'none', exact: 0 });
  return counts;
}

/** Labels of panes: from `panesByKey` when given, else the prediction's own. */
export function paneLabeller(
  prediction: Prediction,
  panesByKey?: ReadonlyMap<string, { label: string }>,
): (key: string) => string {
  const own = new Map(prediction.panes.map((pane) => [pane.key, pane.label]));
  return (key) => panesByKey?.get(key)?.label ?? own.get(key) ?? key;
}

/** `about half each`, `about a third each`, `about 1/5 each`. */
export function shareWords(members: number): string {
  const names: Record<number, string> = { 2: 'half', 3: 'a third', 4: 'a quarter' };
  return `about ${names[members] ?? `1/${members}`} each`;
}

/**
 * The prediction in plain words for the UI.
 *
 * @example
 * // 'A and B each get a copy (fan-out: separate queues); C and D share one queue jobs
 * // (round-robin: about half each). E gets nothing: pattern orders.eu.* does not match orders.us.paid.'
 */
export function summarizePrediction(
  prediction: Prediction,
  panesByKey?: ReadonlyMap<string, { label: string }>,
): string {
  const label = paneLabeller(prediction, panesByKey);
  if (prediction.refused) return prediction.refused;
  const parts: string[] = [];
  const copies = prediction.groups.filter((group) => group.kind === 'copy');
  const streams = new Map<string, string[]>();
  const fanOut: string[] = [];
  for (const group of copies) {
    const labels = group.paneKeys.map(label);
    const sameQueue = copies.filter((other) => other.queue === group.queue).length > 1;
    if (group.queueKind === 'named' && sameQueue)
      getOrAdd(streams, group.queue, () => []).push(...labels);
    else fanOut.push(...labels);
  }
  if (fanOut.length === 1) parts.push(`${fanOut[0] ?? ''} gets every message`);
  else if (fanOut.length > 1)
    parts.push(`${joinWords(fanOut)} each get a copy (fan-out: separate queues)`);
  for (const [queue, labels] of streams) {
    parts.push(`${joinWords(labels)} each read every message of stream ${queue}`);
  }
  for (const group of prediction.groups.filter((g) => g.kind === 'round-robin')) {
    const queue =
      group.queueKind === 'named'
        ? `one queue ${group.queue}`
        : queueRef({ kind: group.queueKind, display: group.queue });
    parts.push(
      `${joinWords(group.paneKeys.map(label))} share ${queue} (round-robin: ${shareWords(group.paneKeys.length)})`,
    );
  }
  const sentences: string[] = [];
  if (parts.length > 0) sentences.push(`${parts.join('; ')}.`);
  else sentences.push('No pane gets these messages.');
  const byReason = new Map<string, string[]>();
  for (const { paneKey, reason } of prediction.notReached) {
    getOrAdd(byReason, reason, () => []).push(label(paneKey));
  }
  for (const [reason, labels] of byReason) {
    sentences.push(
      `${joinWords(labels)} ${labels.length === 1 ? 'gets' : 'get'} nothing: ${reason}.`,
    );
  }
  if (!prediction.certain && prediction.exchangeType === 'unknown') {
    sentences.push(`(Assuming ${prediction.exchange} is a topic exchange.)`);
  }
  return sentences.join(' ');
}

/** Which queue a pane consumes from, and which other panes take turns on it. */
export type PaneQueue = {
  /** Plain words for the queue, e.g. `queue jobs` or `private queue of sub-a`. */
  queue: string;
  /** The queue's name when people can know it (`/queue/`, `/amq/queue/`, `x-queue-name`). */
  name?: string;
  /** The name, or a description such as `private queue of sub-a`. */
  display: string;
  /** The bindings its subscriptions declare (`/topic/` binds to `amq.topic`); none for a named queue consumed by name. */
  bindings: { exchange: string; pattern: string }[];
  kind: QueueKind;
  /** Keys of the other panes consuming from the same queue (round-robin with this one). */
  sharedWith: string[];
  /** True on a stream queue, where every consumer reads every message. */
  stream: boolean;
};

/**
 * For each pane, the queue its subscription consumes from and who shares it: the
 * at-a-glance answer to "will this pane get every message, or take turns?". Panes whose
 * destination cannot be subscribed are left out.
 */
export function queueSharing(panes: readonly PaneLike[]): Map<string, PaneQueue> {
  const queues = new Map<string, QueueModel>();
  for (const pane of panes) placePane(pane, queues);
  const result = new Map<string, PaneQueue>();
  for (const queue of queues.values()) {
    for (const member of queue.members) {
      result.set(member.key, {
        queue: queueRef(queue),
        name: queue.name,
        display: queue.display,
        bindings: queue.bindings.map(({ exchange, pattern }) => ({ exchange, pattern })),
        kind: queue.kind,
        sharedWith: queue.members
          .filter((other) => other.key !== member.key)
          .map((other) => other.key),
        stream: queue.stream,
      });
    }
  }
  return result;
}
