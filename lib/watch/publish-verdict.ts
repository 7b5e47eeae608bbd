import { matchesTopic } from '@/lib/routing/topic';

/** What the topology poll knows of the vhost's exchanges and their bindings. */
export interface ExchangeRouting {
  /** Exchange name → type (`direct`, `topic`, `fanout`, `headers`…). */
  types: Readonly<Record<string, string>>;
  bindings: readonly { source: string; destination: string; routing_key: string }[];
  queues: readonly string[];
}

/** Whether a message published to an exchange reached any queue (or exchange). */
export type PublishVerdict =
  | { kind: 'routed'; to: string[] }
  | { kind: 'dropped'; reason: string }
  | { kind: 'unknown'; reason: string };

const KEY_NOT_CARRIED =
  'the firehose does not carry the routing key over STOMP, and the dashboard did not send this body';

/**
 * Predicts where a publish to `exchange` went, as RabbitMQ routes it: dropped when no binding
 * matches (which RabbitMQ otherwise does silently), using the routing key when it is known.
 * An exchange without bindings drops everything and a fanout with bindings routes everything,
 * key or not; otherwise, without the key, the verdict is `unknown`, never guessed.
 *
 * @example publishVerdict('orders', 'eu.paid', routing) // { kind: 'dropped', reason: 'no binding of orders matches "eu.paid"' }
 */
export function publishVerdict(
  exchange: string,
  key: string | null,
  routing: ExchangeRouting,
): PublishVerdict {
  if (exchange === '') {
    if (key === null) return { kind: 'unknown', reason: KEY_NOT_CARRIED };
    return routing.queues.includes(key)
      ? { kind: 'routed', to: [key] }
      : {
          kind: 'dropped',
          reason: `no queue is named "${key}" (the default exchange routes by queue name)`,
        };
  }
  const type = routing.types[exchange];
  if (type === undefined)
    return { kind: 'unknown', reason: `exchange ${exchange} is not listed yet` };
  const bindings = routing.bindings.filter((binding) => binding.source === exchange);
  if (bindings.length === 0)
    return {
      kind: 'dropped',
      reason: `${exchange} has no bindings: every message to it is dropped`,
    };
  if (type === 'fanout') return { kind: 'routed', to: bindings.map((b) => b.destination) };
  if (type === 'headers')
    return {
      kind: 'unknown',
      reason: 'a headers exchange routes by headers, which the firehose does not carry over STOMP',
    };
  if (key === null) return { kind: 'unknown', reason: KEY_NOT_CARRIED };
  const matches =
    type === 'topic'
      ? (b: { routing_key: string }) => matchesTopic(b.routing_key, key)
      : type === 'direct'
        ? (b: { routing_key: string }) => b.routing_key === key
        : null;
  if (matches === null) return { kind: 'unknown', reason: `${exchange} is a ${type} exchange` };
  const to = bindings.filter(matches).map((b) => b.destination);
  return to.length > 0
    ? { kind: 'routed', to }
    : { kind: 'dropped', reason: `no binding of ${exchange} matches "${key}"` };
}
