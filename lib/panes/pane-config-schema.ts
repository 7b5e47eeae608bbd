// The pane configuration's schemas live apart from pane-config.ts so that zod reaches the browser
// only with what reads a stored or imported workspace, which is loaded on demand.
import * as z from 'zod/mini';
import { ACK_MODES, DEFAULT_CAPACITY, MAX_CAPACITY, QUEUE_TYPES } from './pane-config';

/** SUBSCRIBE-time queue options RabbitMQ's STOMP adapter understands (all optional). */
export const queueOptionsSchema = z.object({
  durable: z.optional(z.boolean()),
  autoDelete: z.optional(z.boolean()),
  exclusive: z.optional(z.boolean()),
  queueName: z.optional(z.string()),
  messageTtlMs: z.optional(z.number().check(z.int(), z.nonnegative())),
  maxLength: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** `x-expires`: the broker deletes the queue once it has been unused (no consumer) this long. */
  expiresMs: z.optional(z.number().check(z.int(), z.positive())),
  queueType: z.optional(z.enum(QUEUE_TYPES)),
});
export type QueueOptions = z.infer<typeof queueOptionsSchema>;

/**
 * Everything that defines a pane and survives a reload (never a passcode).
 * `key` identifies the pane in the dashboard; `subscriptionId` is the STOMP `id`, which may
 * repeat across separate connections (a durable topic subscription shared by two receivers).
 */
export const paneConfigSchema = z.object({
  key: z.string().check(z.minLength(1)),
  subscriptionId: z.string().check(z.minLength(1)),
  destination: z.string().check(z.minLength(1)),
  ackMode: z._default(z.enum(ACK_MODES), 'auto'),
  prefetchCount: z.optional(z.number().check(z.int(), z.positive())),
  queue: z._default(queueOptionsSchema, {}),
  /** 'own': a connection of its own, like a separate receiver program; 'shared': the dashboard's. */
  connection: z._default(z.enum(['own', 'shared']), 'own'),
  capacity: z._default(z.number().check(z.int(), z.gte(1), z.lte(MAX_CAPACITY)), DEFAULT_CAPACITY),
  /** `Subscribe with requeue`: each message is NACKed with requeue once shown (ack mode client). */
  requeueAll: z.optional(z.boolean()),
  /** The text in the pane's Filter box (plain text or an expression); absent when empty. */
  filter: z.optional(z.string().check(z.maxLength(2000))),
  /** Fields the pane charts (`body.i`), at most 4; absent when none. */
  charts: z.optional(
    z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.maxLength(4)),
  ),
  /** `x-stream-offset` (`first`, `offset=40`, `timestamp=…`): the pane reads a stream from there. */
  streamOffset: z.optional(z.string().check(z.minLength(1))),
  /**
   * With `client` acks: the pane acks what it has received by itself, soon after it arrives. A
   * durable pane uses it, so nothing the broker delivered is lost when a connection dies (unacked
   * messages are redelivered, marked, and not counted twice), yet nobody has to press Ack.
   */
  ackOnReceipt: z.optional(z.boolean()),
});
export type PaneConfig = z.infer<typeof paneConfigSchema>;
