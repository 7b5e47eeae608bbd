import { parseDestination } from '@/lib/routing/destination';
import { err, ok, type Result } from '@/lib/util/result';
import type { PaneConfig } from './pane-config';

/** Messages a durable pane may hold unacked: its acks go out every 200 ms, so ~10,000 msg/s. */
export const DURABLE_PREFETCH = 2000;

/** The name a durable pane's queue gets when none is typed. */
export function defaultDurableQueueName(subscriptionId: string): string {
  return `stompwatch-${subscriptionId}`;
}

/**
 * Turns a new pane on an exchange or topic into one with a durable, non-auto-delete queue of
 * its own, named, so a broker restart loses nothing for it: the queue and its persistent
 * messages outlive the restart, and with `client` acks a message the broker delivered but the
 * pane never got is delivered again. An `auto` pane becomes a `client` pane that acks what it
 * receives by itself ({@link PaneConfig.ackOnReceipt}); a manual-ack pane stays manual.
 *
 * The queue stays on the broker after the pane is closed, collecting messages, until someone
 * deletes it: that is what makes it durable.
 *
 * @example durablePane({ destination: '/topic/orders.#', subscriptionId: 's1', ackMode: 'auto', … }, '')
 * // ok: queue { durable: true, autoDelete: false, queueName: 'stompwatch-s1' }, ackMode 'client', ackOnReceipt
 */
export function durablePane(
  pane: Omit<PaneConfig, 'key'>,
  typedName: string,
): Result<Omit<PaneConfig, 'key'>> {
  const parsed = parseDestination(pane.destination);
  if (!parsed.ok || (parsed.value.kind !== 'exchange' && parsed.value.kind !== 'topic')) {
    return err(
      'A durable queue of its own is for /exchange/… and /topic/… destinations. A /queue/… is durable already; /amq/queue/… reads a queue that exists.',
    );
  }
  const name = typedName.trim() || defaultDurableQueueName(pane.subscriptionId);
  if (name.startsWith('amq.'))
    return err(`Queue names starting with "amq." are reserved by RabbitMQ.`);
  if (/[\u0000-\u001f\u007f]/.test(name) || new TextEncoder().encode(name).length > 255)
    return err('The durable queue name must be at most 255 bytes, without line breaks.');
  const auto = pane.ackMode === 'auto';
  return ok({
    ...pane,
    queue: { ...pane.queue, durable: true, autoDelete: false, queueName: name },
    ackMode: auto ? 'client' : pane.ackMode,
    prefetchCount: pane.prefetchCount ?? DURABLE_PREFETCH,
    ...(auto ? { ackOnReceipt: true } : {}),
  });
}

/** The pane's durable queue name, when it asked for a durable queue of its own; else null. */
export function durableQueueOf(config: Pick<PaneConfig, 'queue'>): string | null {
  const { durable, autoDelete, queueName } = config.queue;
  return durable === true && autoDelete === false && queueName ? queueName : null;
}
