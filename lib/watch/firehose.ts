import { formatDestination, parseDestination } from '@/lib/routing/destination';
import { splitTopicWords } from '@/lib/routing/topic';
import { err, ok, type Result } from '@/lib/util/result';

/**
 * RabbitMQ's firehose: with tracing on in a vhost, the broker copies every publish and every
 * delivery to the topic exchange `amq.rabbitmq.trace`, routing keys `publish.<exchange>` and
 * `deliver.<queue>`. A STOMP SUBSCRIBE to `/exchange/amq.rabbitmq.trace/deliver.<q>` binds a
 * private queue to that exchange, so it sees what q's consumers get without taking any of it.
 *
 * Over STOMP each copy carries the body and the trace headers (`exchange_name`, `connection`,
 * `channel`, `redelivered`, `node`, `user`, `vhost`), but not the original routing key nor the
 * original message's headers and properties (the AMQP array `routing_keys` and the `properties`
 * table are dropped by the STOMP adapter). Verified on RabbitMQ 3.10.8.
 */

export const TRACE_EXCHANGE = 'amq.rabbitmq.trace';

/** What a watch pane looks at: deliveries from a queue, or publishes to an exchange. */
export type WatchTarget = { kind: 'queue'; queue: string } | { kind: 'exchange'; exchange: string };

/** Said in every watch pane: what the firehose cannot tell over STOMP. */
export const FIREHOSE_LIMITS =
  'Over STOMP the firehose carries the body and who got it, not the original routing key or headers: those are not shown, and not guessed.';

/**
 * Why a name cannot be watched exactly, or null. The trace routing key is `deliver.<name>`, and
 * a SUBSCRIBE binds with it as a topic pattern: a `.` in the name only adds words, which still
 * match literally, but a word that is exactly `*` or `#` is a wildcard there and would also match
 * other queues' (or exchanges') traffic. RabbitMQ's topic bindings have no escape for them.
 */
export function watchNameProblem(target: WatchTarget): string | null {
  const name = target.kind === 'queue' ? target.queue : target.exchange;
  const what = target.kind === 'queue' ? 'queue' : 'exchange';
  if (name === '' && target.kind === 'queue') return 'Give the name of the queue to watch.';
  const wild = splitTopicWords(name).filter((word) => word === '*' || word === '#');
  if (wild.length > 0) {
    return `The ${what} name "${name}" has a word that is "${wild[0]}": in the firehose's topic binding that is a wildcard, so the pane would also see other ${what}s' messages. RabbitMQ has no escape for it; this ${what} cannot be watched exactly.`;
  }
  return null;
}

/**
 * The STOMP destination that watches `target` through the firehose.
 *
 * @example watchDestination({ kind: 'queue', queue: 'jobs' }) // '/exchange/amq.rabbitmq.trace/deliver.jobs'
 * @example watchDestination({ kind: 'exchange', exchange: 'orders' }) // '/exchange/amq.rabbitmq.trace/publish.orders'
 */
export function watchDestination(target: WatchTarget): Result<string> {
  const problem = watchNameProblem(target);
  if (problem) return err(problem);
  const pattern =
    target.kind === 'queue' ? `deliver.${target.queue}` : `publish.${target.exchange}`;
  return ok(formatDestination({ kind: 'exchange', exchange: TRACE_EXCHANGE, pattern }));
}

/**
 * What a pane on `destination` watches through the firehose, or null when it is not a watch
 * pane (any other destination, including one on the trace exchange with a wildcard pattern).
 */
export function watchTargetOf(destination: string): WatchTarget | null {
  const parsed = parseDestination(destination);
  if (!parsed.ok || parsed.value.kind !== 'exchange') return null;
  const { exchange, pattern } = parsed.value;
  if (exchange !== TRACE_EXCHANGE) return null;
  let target: WatchTarget | null = null;
  if (pattern.startsWith('deliver.')) target = { kind: 'queue', queue: pattern.slice(8) };
  else if (pattern.startsWith('publish.'))
    target = { kind: 'exchange', exchange: pattern.slice(8) };
  return target && watchNameProblem(target) === null ? target : null;
}

/** How the routing graph and the Delivery matrix mark what a watch pane saw. */
export const FIREHOSE_MARK = 'seen through the firehose (took nothing)';

/**
 * What a pane header calls a pane on `destination`: a watch pane by what it watches
 * (`queue jobs`), since its firehose destination is long and names the queue last, where a
 * narrow header cuts it off. Any other pane by its destination.
 */
export function paneTitle(destination: string): string {
  const target = watchTargetOf(destination);
  if (target === null) return destination;
  return target.kind === 'queue' ? `queue ${target.queue}` : `exchange ${target.exchange}`;
}

/** Whether a pane on `destination` watches through the firehose (and so takes nothing). */
export function isWatchPane(pane: { destination: string }): boolean {
  return watchTargetOf(pane.destination) !== null;
}

/** What a watch pane's row shows of a firehose copy, from its trace headers. */
export interface TraceFacts {
  /** `deliver`: a consumer got it; `publish`: someone published it. */
  event: 'deliver' | 'publish';
  /** The consumer's (deliver) or publisher's (publish) connection, e.g. `127.0.0.1:44932 -> 127.0.0.1:15674`. */
  connection: string;
  channel: string;
  /** The exchange the original was published to ("" is the default exchange). */
  exchange: string;
  redelivered: boolean;
  user: string;
  node: string;
  vhost: string;
}

/**
 * Reads the trace headers of a firehose copy; null when the message is not one (its MESSAGE
 * destination is not on the trace exchange, or it has no `connection` header).
 */
export function traceFacts(
  destination: string,
  headers: Readonly<Record<string, string>>,
): TraceFacts | null {
  const prefix = `/exchange/${TRACE_EXCHANGE}/`;
  if (!destination.startsWith(prefix)) return null;
  const key = destination.slice(prefix.length);
  const event = key.startsWith('deliver.')
    ? 'deliver'
    : key.startsWith('publish.')
      ? 'publish'
      : null;
  const connection = headers.connection;
  if (event === null || connection === undefined) return null;
  return {
    event,
    connection,
    channel: headers.channel ?? '?',
    exchange: headers.exchange_name ?? '',
    redelivered: headers.redelivered === 'true',
    user: headers.user ?? '',
    node: headers.node ?? '',
    vhost: headers.vhost ?? '',
  };
}

/** One row's words for who got (or sent) a traced message: `→ 127.0.0.1:44932 ch 1`. */
export function describeTrace(facts: TraceFacts): string {
  const who = `${shortConnection(facts.connection)} ch ${facts.channel}`;
  return facts.event === 'deliver' ? `→ ${who}` : `from ${who}`;
}

/**
 * The client's end of a RabbitMQ connection name (`127.0.0.1:44932 -> 127.0.0.1:15674` gives
 * `127.0.0.1:44932`): the broker's end is the same for every Web-STOMP client.
 */
export function shortConnection(connection: string): string {
  const arrow = connection.indexOf(' -> ');
  return arrow === -1 ? connection : connection.slice(0, arrow);
}

/** One consumer (a connection's channel) and how many traced deliveries it got. */
export interface ConsumerCount {
  connection: string;
  channel: string;
  count: number;
}

/**
 * Counts traced deliveries per consumer (connection and channel), so the round-robin among a
 * queue's real consumers shows in numbers. O(1) per message (a Map increment, no allocation for a
 * consumer already seen); views read {@link counts} when they redraw, never per message.
 */
export class ConsumerTally {
  private readonly byConsumer = new Map<string, ConsumerCount>();
  private total = 0;

  /** Records one firehose copy by its trace headers; copies without them are ignored. */
  record(headers: Readonly<Record<string, string>>): void {
    const connection = headers.connection;
    if (connection === undefined) return;
    const channel = headers.channel ?? '?';
    const key = `${connection}\n${channel}`;
    const entry = this.byConsumer.get(key);
    if (entry) entry.count += 1;
    else this.byConsumer.set(key, { connection, channel, count: 1 });
    this.total += 1;
  }

  /** Everything recorded so far, most deliveries first (a copy: safe to keep). */
  counts(): ConsumerCount[] {
    return [...this.byConsumer.values()]
      .map((entry) => ({ ...entry }))
      .sort((a, b) => b.count - a.count || a.connection.localeCompare(b.connection));
  }

  get size(): number {
    return this.total;
  }

  clear(): void {
    this.byConsumer.clear();
    this.total = 0;
  }
}

/** The tally in words for the pane header: `127.0.0.1:5001 ch 1: 10 · 127.0.0.1:5002 ch 1: 10`. */
export function describeTally(counts: readonly ConsumerCount[]): string {
  if (counts.length === 0) return 'no deliveries seen yet';
  return counts
    .map(
      (entry) =>
        `${shortConnection(entry.connection)} ch ${entry.channel}: ${entry.count.toLocaleString('en-US')}`,
    )
    .join(' · ');
}

/** Whether tracing is on in a vhost, as `GET /api/vhosts/<vhost>` says. */
export type FirehoseState =
  | { status: 'unknown' }
  | { status: 'on' }
  | { status: 'off' }
  | { status: 'error'; reason: string };

/** How an administrator turns the firehose on, and what it costs: said, never done by the dashboard. */
export function describeFirehoseOff(vhost: string): {
  text: string;
  command: string;
  apiCall: string;
} {
  return {
    text: `The firehose is off in vhost "${vhost}", so this pane receives nothing. Turning it on costs a copy of every message published and delivered in the whole vhost, for as long as it is on; the dashboard never turns it on itself. An administrator can:`,
    command: `rabbitmqctl trace_on -p ${shellQuote(vhost)}`,
    apiCall: `PUT /api/vhosts/${encodeURIComponent(vhost)} {"tracing":true}`,
  };
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
