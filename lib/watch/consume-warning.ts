import { validateSubscribeDestination } from '@/lib/routing/destination';
import type { QueueOptions } from '@/lib/panes/pane-config';
import type { ManagementConsumer, ManagementQueue } from '@/lib/management/sanitize';
import { stompConsumerTag } from '@/lib/management/consumer-tag';
import { watchDestination, watchTargetOf } from './firehose';

/**
 * Before a pane consumes from a queue that other programs consume from, the user is told: a
 * pane on `/queue/jobs` is one more competing consumer and takes its share of the real
 * consumers' messages (with `ack: auto` they are gone for them).
 */

/** What a pane would do to the queue it reads. */
export type PaneConsumption = 'consuming' | 'watching' | null;

/** The words a pane header shows for {@link PaneConsumption} (ui-contract). */
export const CONSUMPTION_TEXT = {
  consuming: 'consuming (takes messages)',
  watching: 'watching (takes nothing)',
} as const;

/** The pane the Subscribe form is about to add, as far as this decision needs it. */
export interface ConsumingPane {
  subscriptionId: string;
  destination: string;
  ackMode: string;
  queue?: QueueOptions;
}

/**
 * The queue a pane would consume from, shared with whoever else consumes it: one people name,
 * or the queue RabbitMQ names after a durable subscription's id and pattern. Its possible names
 * come from `queueNames` (subscription-queue.ts, loaded with the check: it needs an MD5).
 */
export type ConsumedQueue =
  | { kind: 'named'; name: string }
  | { kind: 'durable-subscription'; pattern: string; subscriptionId: string };

/** The names the broker may give a {@link ConsumedQueue}. */
export type QueueNamer = (queue: ConsumedQueue) => readonly string[];

/**
 * The queue a SUBSCRIBE to `pane` would consume from, shared with whoever else consumes it:
 * `/queue/x` and `/amq/queue/x` give x; an exchange or topic subscription gives the queue it
 * names with `x-queue-name`, or with `durable:true` the queue RabbitMQ names after its id and
 * pattern, which every durable subscription with that id and pattern shares. Null otherwise: a
 * private queue (fan-out) takes nothing from anyone, a stream is read without taking, a watch
 * pane reads the firehose, and an invalid destination subscribes nothing.
 */
export function consumedQueue(pane: ConsumingPane): ConsumedQueue | null {
  if (watchTargetOf(pane.destination)) return null;
  if (pane.queue?.queueType === 'stream') return null;
  // An invalid destination is refused by the form at once; there is nothing to ask the broker.
  const parsed = validateSubscribeDestination(pane.destination);
  if (!parsed.ok) return null;
  const d = parsed.value;
  if (d.kind === 'queue' || d.kind === 'amq-queue') return { kind: 'named', name: d.queue };
  if (d.kind !== 'exchange' && d.kind !== 'topic') return null;
  if (pane.queue?.queueName) return { kind: 'named', name: pane.queue.queueName };
  if (pane.queue?.durable !== true) return null;
  return { kind: 'durable-subscription', pattern: d.pattern, subscriptionId: pane.subscriptionId };
}

/** How a sentence names the queue, found under `name`. */
function queueLabel(queue: ConsumedQueue, name: string): string {
  if (queue.kind === 'named') return name;
  const pattern = queue.pattern === '' ? 'an empty pattern' : queue.pattern;
  return `${name} (the queue of every durable subscription "${queue.subscriptionId}" to ${pattern})`;
}

/** What a pane header says the pane does to its queue. */
export function paneConsumption(pane: ConsumingPane): PaneConsumption {
  if (watchTargetOf(pane.destination)) return 'watching';
  return consumedQueue(pane) === null ? null : 'consuming';
}

/** The outcome of {@link checkConsume}. */
export type ConsumeCheck =
  /** Nothing to say: no queue shared with others, or nobody else consumes it. */
  | { kind: 'none' }
  /** Other programs consume the queue: say so before subscribing. */
  | { kind: 'warn'; queue: string; others: number; text: string }
  /** The broker could not be asked (or has not answered yet): say that too. */
  | { kind: 'unknown'; queue: string; text: string };

export interface ConsumeInput {
  pane: ConsumingPane;
  /** `/api/consumers/<vhost>` as the topology poll or a check on the spot read it; null when unknown. */
  consumers: readonly ManagementConsumer[] | null;
  /** `/api/queues/<vhost>`, when known: a stream queue found there is read without taking. */
  queues?: readonly ManagementQueue[] | null;
  /**
   * This dashboard's panes that are subscribed now: their consumers are not "other" ones. Each
   * accounts for one consumer with its tag (`T_<id>`) on its own queue, no more: another program
   * (another tab on the same workspace, a durable subscription shared by id) may use the same id.
   */
  ownPanes: readonly ConsumingPane[];
  /** Why the consumers are unknown, for the `unknown` text. */
  unknownReason?: string;
  /** `queueNames` from subscription-queue.ts. */
  namesOf: QueueNamer;
}

/**
 * Decides whether subscribing `pane` needs a warning first.
 *
 * @example
 * checkConsume({ pane: { subscriptionId: 's1', destination: '/queue/jobs', ackMode: 'auto' }, consumers, ownPanes: [] })
 * // { kind: 'warn', queue: 'jobs', others: 3, text: 'jobs has 3 other consumers; this pane would take about a quarter…' }
 */
export function checkConsume(input: ConsumeInput): ConsumeCheck {
  const consumed = consumedQueue(input.pane);
  if (consumed === null) return { kind: 'none' };
  const names = input.namesOf(consumed);
  // A durable subscription's queue has one of two names: the one the broker has consumers on.
  const queue =
    names.find((name) => input.consumers?.some((c) => c.queue.name === name)) ??
    names.find((name) => input.queues?.some((q) => q.name === name)) ??
    names[0]!;
  const label = queueLabel(consumed, queue);
  const known = input.queues?.find((candidate) => candidate.name === queue);
  if (known?.type === 'stream') return { kind: 'none' };
  if (input.consumers === null) {
    const why = input.unknownReason ? ` (${input.unknownReason})` : '';
    return {
      kind: 'unknown',
      queue,
      text: `Could not find out whether ${label} has other consumers${why}. If it does, this pane takes a share of their messages${autoAckTail(input.pane.ackMode)}.`,
    };
  }
  const ownTags = new Map<string, number>();
  for (const own of input.ownPanes) {
    const ownQueue = consumedQueue(own);
    if (ownQueue === null || !input.namesOf(ownQueue).includes(queue)) continue;
    const tag = stompConsumerTag(own.subscriptionId);
    ownTags.set(tag, (ownTags.get(tag) ?? 0) + 1);
  }
  let others = 0;
  let own = 0;
  for (const consumer of input.consumers) {
    if (consumer.queue.name !== queue) continue;
    const left = ownTags.get(consumer.consumer_tag) ?? 0;
    if (left > 0) {
      ownTags.set(consumer.consumer_tag, left - 1);
      own += 1;
    } else others += 1;
  }
  if (others === 0) return { kind: 'none' };
  const exclusive = known?.exclusive === true;
  const text = exclusive
    ? `${label} has ${plural(others, 'other consumer')} and is exclusive to another connection: RabbitMQ would refuse this SUBSCRIBE and close the pane's connection.`
    : `${label} has ${plural(others, 'other consumer')}; this pane would take ${shareWords(others + own + 1)} of their messages${autoAckTail(input.pane.ackMode)}.`;
  return { kind: 'warn', queue, others, text };
}

function autoAckTail(ackMode: string): string {
  return ackMode === 'auto'
    ? ', and with ack: auto they would not get them back'
    : ', and every message this pane acks is gone for them';
}

/** "half", "a third", "a quarter"… of the messages a queue's consumers share round-robin. */
export function shareWords(consumers: number): string {
  const words: Record<number, string> = {
    2: 'about half',
    3: 'about a third',
    4: 'about a quarter',
    5: 'about a fifth',
  };
  return words[consumers] ?? `about 1 in ${consumers}`;
}

function plural(count: number, one: string): string {
  return `${count} ${count === 1 ? one : `${one}s`}`;
}

/**
 * The pane to subscribe once the user chose how to go on after a {@link checkConsume} warning
 * about `queue` (the name the check found): as asked, with client acks that put every message
 * back, or a watch pane on the queue's deliveries instead. Null when the queue cannot be watched
 * (a word of its name is `*` or `#`, see `watchNameProblem`; or a durable subscription's queue
 * whose name the check did not give): the caller must not subscribe the pane as it was instead.
 */
export function paneForChoice<
  P extends ConsumingPane & { prefetchCount?: number; requeueAll?: boolean },
>(pane: P, choice: 'watch' | 'requeue' | 'anyway', queue?: string): P | null {
  const consumed = consumedQueue(pane);
  if (choice === 'anyway' || consumed === null) return pane;
  if (choice === 'requeue') return { ...pane, ackMode: 'client', requeueAll: true };
  const name = queue ?? (consumed.kind === 'named' ? consumed.name : null);
  if (name === null) return null;
  const watched = watchDestination({ kind: 'queue', queue: name });
  if (!watched.ok) return null;
  return {
    ...pane,
    destination: watched.value,
    ackMode: 'auto',
    prefetchCount: undefined,
    requeueAll: undefined,
    queue: {},
  };
}
