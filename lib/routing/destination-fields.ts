import { formatDestination, parseDestination, type Destination } from './destination';
import { TRACE_EXCHANGE, watchTargetOf } from '@/lib/watch/firehose';

/**
 * The destination builder's fields. The Destination box is the source of truth: the builder
 * writes the box from these fields, and reads them back from whatever is typed in the box.
 */

/** The kinds of destination the builder offers. */
export type BuilderKind =
  'exchange' | 'topic' | 'queue' | 'amq-queue' | 'watch-queue' | 'watch-exchange';

/** Every {@link BuilderKind}, in the order the builder offers them. */
export const BUILDER_KINDS: readonly BuilderKind[] = [
  'exchange',
  'topic',
  'queue',
  'amq-queue',
  'watch-queue',
  'watch-exchange',
];

/** Kinds that only make sense for SUBSCRIBE: watching through the firehose. */
export const SUBSCRIBE_ONLY_KINDS: ReadonlySet<BuilderKind> = new Set([
  'watch-queue',
  'watch-exchange',
]);

/**
 * The builder's fields. All are kept whatever the kind, so switching the kind back and forth
 * does not lose what was typed for the other one.
 */
export type BuilderFields = {
  kind: BuilderKind;
  exchange: string;
  /** The routing-key pattern (subscribe) or routing key (send) of `exchange` and `topic`. */
  pattern: string;
  /** The queue name of `queue` and `amq-queue`. */
  queue: string;
};

/**
 * The destination the fields describe, written as RabbitMQ reads it (`/` in a name as `%2F`).
 * An empty exchange name means `amq.topic`, the exchange the builder starts with.
 *
 * @example destinationFromFields({ kind: 'queue', exchange: 'amq.topic', pattern: 'a.#', queue: 'jobs' }) // '/queue/jobs'
 */
export function destinationFromFields(fields: BuilderFields): string {
  switch (fields.kind) {
    case 'exchange': {
      const exchange = fields.exchange === '' ? 'amq.topic' : fields.exchange;
      return formatDestination({ kind: 'exchange', exchange, pattern: fields.pattern });
    }
    case 'topic':
      return formatDestination({ kind: 'topic', pattern: fields.pattern });
    case 'queue':
    case 'amq-queue':
      return formatDestination({ kind: fields.kind, queue: fields.queue });
    // Written as-is: a name with a `*`/`#` word is refused when subscribing, with the reason.
    case 'watch-queue':
      return formatDestination({
        kind: 'exchange',
        exchange: TRACE_EXCHANGE,
        pattern: `deliver.${fields.queue}`,
      });
    case 'watch-exchange':
      return formatDestination({
        kind: 'exchange',
        exchange: TRACE_EXCHANGE,
        pattern: `publish.${fields.exchange}`,
      });
  }
}

/**
 * The fields a typed destination stands for, keeping `previous` for the parts it does not name,
 * or null when the builder cannot show it (not a valid destination yet, or a `/temp-queue/` or
 * `/reply-queue/` the builder does not build).
 *
 * @example
 * fieldsFromDestination('/exchange/amq.topic/orders.*.*', previous) // { ...previous, kind: 'exchange', exchange: 'amq.topic', pattern: 'orders.*.*' }
 * fieldsFromDestination('/queue/jobs', previous)                    // { ...previous, kind: 'queue', queue: 'jobs' }
 */
export function fieldsFromDestination(
  input: string,
  previous: BuilderFields,
): BuilderFields | null {
  const parsed = parseDestination(input.trim());
  return parsed.ok ? fieldsOf(parsed.value, previous) : null;
}

function fieldsOf(destination: Destination, previous: BuilderFields): BuilderFields | null {
  const watched = watchTargetOf(formatDestination(destination));
  if (watched?.kind === 'queue') return { ...previous, kind: 'watch-queue', queue: watched.queue };
  if (watched?.kind === 'exchange')
    return { ...previous, kind: 'watch-exchange', exchange: watched.exchange };
  switch (destination.kind) {
    case 'exchange':
      return {
        ...previous,
        kind: 'exchange',
        exchange: destination.exchange,
        pattern: destination.pattern,
      };
    case 'topic':
      return { ...previous, kind: 'topic', pattern: destination.pattern };
    case 'queue':
    case 'amq-queue':
      return { ...previous, kind: destination.kind, queue: destination.queue };
    case 'temp-queue':
    case 'reply-queue':
      return null;
  }
}

/**
 * What the builder shows for the box's `destination`: its own last fields while the box holds
 * exactly what they build (so clearing the Exchange field to type another name does not snap
 * back to `amq.topic`), otherwise the fields read back from the box, otherwise (the box holds
 * something the builder cannot show) its own last fields.
 *
 * @example
 * // the user typed /queue/jobs into the box after building /exchange/amq.topic/orders.#
 * shownFields('/queue/jobs', own).kind // 'queue'
 */
export function shownFields(destination: string, own: BuilderFields): BuilderFields {
  if (destination === destinationFromFields(own)) return own;
  return fieldsFromDestination(destination, own) ?? own;
}
