import type { PaneConfig } from '../panes/pane-config';
import { getOrAdd } from '../util/maps';
import type { Destination } from './destination';
import { parseDestination } from './destination';
import type { ExchangeType } from './exchange-types';
import { queueRef, shown } from './wording';

/**
 * The queues the dashboard's SUBSCRIBEs make and consume, as RabbitMQ 3.10's STOMP adapter makes
 * them (the rules are in predict.ts's module comment): which queue each pane consumes from, with
 * the flags and arguments it declares the queue with, and which panes share one.
 */

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

export type Binding = { exchange: string; pattern: string; paneKey: string };
export type Flags = { durable: boolean; autoDelete: boolean; exclusive: boolean };
export type Declaration = { pane: PaneLike; flags: Flags; args: QueueArgs };
export type QueueArgs = { messageTtlMs?: number; maxLength?: number; queueType: string };

export type QueueModel = {
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

/** Where a SEND publishes: exchange, routing key and what is known of the exchange's type. */
export type SendTarget = {
  exchange: string;
  routingKey: string;
  type: ExchangeType;
  /** False when the type is assumed. */
  typeKnown: boolean;
  destination: Destination;
};

/** Adds the pane to the queue its SUBSCRIBE consumes from, or says why it consumes none. */
export function placePane(
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

export function namedQueueId(name: string): string {
  return `named:${JSON.stringify(name)}`;
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
export const SEND_QUEUE_FLAGS: Flags = { durable: true, autoDelete: false, exclusive: false };

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
