import { err, ok, type Result } from '@/lib/util/result';
import type { PaneConfig } from './pane-config-schema';

export type { PaneConfig, QueueOptions } from './pane-config-schema';

export const ACK_MODES = ['auto', 'client', 'client-individual'] as const;
export type AckMode = (typeof ACK_MODES)[number];

export const QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const;

export const DEFAULT_CAPACITY = 5000;
export const MAX_CAPACITY = 200_000;

/** The SUBSCRIBE headers for a pane, besides `id` and `receipt`, which the connection adds. */
export function subscribeHeaders(config: PaneConfig): Record<string, string> {
  const headers: Record<string, string> = { ack: config.ackMode };
  if (config.prefetchCount !== undefined) headers['prefetch-count'] = String(config.prefetchCount);
  const q = config.queue;
  if (q.durable !== undefined) headers.durable = String(q.durable);
  if (q.autoDelete !== undefined) headers['auto-delete'] = String(q.autoDelete);
  if (q.exclusive !== undefined) headers.exclusive = String(q.exclusive);
  if (q.queueName) headers['x-queue-name'] = q.queueName;
  if (q.messageTtlMs !== undefined) headers['x-message-ttl'] = String(q.messageTtlMs);
  if (q.maxLength !== undefined) headers['x-max-length'] = String(q.maxLength);
  if (q.expiresMs !== undefined) headers['x-expires'] = String(q.expiresMs);
  if (q.queueType) headers['x-queue-type'] = q.queueType;
  if (config.streamOffset !== undefined) headers['x-stream-offset'] = config.streamOffset;
  return headers;
}

/**
 * Whether the pane reads a stream (it names an offset, or declares a stream queue): it then acks
 * as it goes, since a stream consumer gets no more than prefetch-count messages unacked.
 */
export function readsStream(config: PaneConfig): boolean {
  return (
    config.ackMode !== 'auto' &&
    (config.streamOffset !== undefined || config.queue.queueType === 'stream')
  );
}

/** A fresh subscription id that reads well in a pane title, e.g. `sub-k3f9q2`. */
export function freshSubscriptionId(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += alphabet[Math.floor(random() * alphabet.length)];
  return `sub-${suffix}`;
}

/**
 * Checks a subscription id typed by a user. Ids travel as a STOMP header and name the consumer
 * tag `T_<id>`; line breaks or NUL would break the frame, and RabbitMQ limits tags to 255 bytes.
 */
export function validateSubscriptionId(id: string): Result<void> {
  if (id.trim() === '') return err('Give the subscription an id (any text without line breaks).');
  if (id !== id.trim()) return err('The subscription id starts or ends with spaces; remove them.');
  if (/[\u0000-\u001f\u007f]/.test(id)) {
    return err(
      'The subscription id contains a line break or control character; STOMP headers cannot carry it.',
    );
  }
  if (new TextEncoder().encode(id).length > 250) {
    return err(
      'The subscription id is too long (RabbitMQ consumer tags are at most 255 bytes, and it adds "T_").',
    );
  }
  return ok(undefined);
}
