import { z } from 'zod';
import { err, type Result } from '@/lib/util/result';
import type { ManagementEndpoint } from './allow-list';

/**
 * Trims management API answers to the fields the dashboard shows. The server returns only what
 * these schemas keep, so whatever else RabbitMQ (or something pretending to be it) puts in a
 * body, such as client properties, policies or node internals, never reaches the browser.
 *
 * Fields are optional and a field of the wrong type is dropped rather than failing the whole
 * answer: queue statistics, for example, are missing for a few seconds after a queue appears.
 * An array item without its identifying fields (a queue without a name) is dropped.
 */

/** Optional, and silently dropped when the broker sends something of another type. */
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const str = loose(z.string());
const num = loose(z.number());
const bool = loose(z.boolean());

const queueSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  durable: bool,
  auto_delete: bool,
  exclusive: bool,
  type: str,
  consumers: num,
  messages: num,
  messages_ready: num,
  messages_unacknowledged: num,
  arguments: loose(z.record(z.string(), z.json())),
  // The broker's own rates, averaged over its last sample (lagging by its statistics interval).
  message_stats: loose(
    z.object({
      publish_details: loose(z.object({ rate: num })),
      deliver_get_details: loose(z.object({ rate: num })),
    }),
  ),
});

const exchangeSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: str,
  durable: bool,
  auto_delete: bool,
  internal: bool,
});

const bindingSchema = z.object({
  source: z.string(),
  destination: z.string(),
  destination_type: z.string(),
  routing_key: z.string(),
  vhost: z.string(),
  properties_key: str,
  /** Header arguments of a binding to a headers exchange (`x-match` and the headers it matches). */
  arguments: loose(z.record(z.string(), z.json())),
});

const consumerSchema = z.object({
  consumer_tag: z.string(),
  queue: z.object({ name: z.string(), vhost: z.string() }),
  // RabbitMQ writes an empty list here when the channel is already gone.
  channel_details: loose(
    z.object({
      connection_name: str,
      peer_host: str,
      peer_port: loose(z.union([z.number(), z.string()])),
    }),
  ),
  ack_required: bool,
  prefetch_count: num,
  exclusive: bool,
  active: bool,
});

const connectionSchema = z.object({
  name: z.string(),
  vhost: str,
  user: str,
  peer_host: str,
  peer_port: loose(z.union([z.number(), z.string()])),
  state: str,
  protocol: str,
  connected_at: num,
});

const overviewSchema = z.object({
  rabbitmq_version: str,
  management_version: str,
  cluster_name: str,
  node: str,
});

/** One vhost from `GET /api/vhosts/{vhost}`: only whether its firehose is on. */
const vhostSchema = z.object({ name: z.string(), tracing: bool });

/** A queue as `/api/queues/{vhost}` describes it, trimmed. */
export type ManagementQueue = z.infer<typeof queueSchema>;
/** An exchange as `/api/exchanges/{vhost}` describes it, trimmed; the default exchange is named "". */
export type ManagementExchange = z.infer<typeof exchangeSchema>;
/** A binding as `/api/bindings/{vhost}` describes it, trimmed; `source` "" is the default exchange. */
export type ManagementBinding = z.infer<typeof bindingSchema>;
/** A consumer as `/api/consumers/{vhost}` describes it, trimmed. STOMP tags are `T_<subscription id>`. */
export type ManagementConsumer = z.infer<typeof consumerSchema>;
/** A connection as `/api/connections` describes it, without client properties or anything else. */
export type ManagementConnection = z.infer<typeof connectionSchema>;
/** The broker's identity from `/api/overview`. */
export type ManagementOverview = z.infer<typeof overviewSchema>;

/** A vhost as `/api/vhosts/{vhost}` describes it, trimmed to its name and `tracing`. */
export type ManagementVhost = z.infer<typeof vhostSchema>;

/** What each allow-listed endpoint answers once sanitized. */
export interface ManagementData {
  overview: ManagementOverview;
  exchanges: ManagementExchange[];
  queues: ManagementQueue[];
  bindings: ManagementBinding[];
  consumers: ManagementConsumer[];
  connections: ManagementConnection[];
  vhosts: ManagementVhost;
}

function listOf<T>(item: z.ZodType<T>): (body: unknown) => T[] | null {
  return (body) => {
    if (!Array.isArray(body)) return null;
    const kept: T[] = [];
    for (const entry of body) {
      const parsed = item.safeParse(entry);
      if (parsed.success) kept.push(parsed.data);
    }
    return kept;
  };
}

const objectOf =
  <T>(schema: z.ZodType<T>) =>
  (body: unknown): T | null => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    const parsed = schema.safeParse(body);
    return parsed.success ? parsed.data : null;
  };

const SANITIZERS: { [E in ManagementEndpoint]: (body: unknown) => ManagementData[E] | null } = {
  overview: objectOf(overviewSchema),
  vhosts: objectOf(vhostSchema),
  exchanges: listOf(exchangeSchema),
  queues: listOf(queueSchema),
  bindings: listOf(bindingSchema),
  consumers: listOf(consumerSchema),
  connections: listOf(connectionSchema),
};

/**
 * Keeps only the known fields of a parsed management API body. Fails (with words for the
 * dashboard) only when the body is not the expected kind of JSON at all: an object for
 * `overview`, an array for the rest.
 *
 * @example sanitizeManagementResponse('connections', [{ name: 'c', user: 'guest', client_properties: {} }])
 * // ok([{ name: 'c', user: 'guest' }])
 */
export function sanitizeManagementResponse<E extends ManagementEndpoint>(
  endpoint: E,
  body: unknown,
): Result<ManagementData[E]> {
  const value = SANITIZERS[endpoint](body);
  if (value === null) {
    const expected = endpoint === 'overview' || endpoint === 'vhosts' ? 'an object' : 'a list';
    return err(`The management API answered ${endpoint} with something other than ${expected}.`);
  }
  return { ok: true, value };
}
