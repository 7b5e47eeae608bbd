import { parseDestination } from '@/lib/routing/destination';

/**
 * Explains, in plain words, why the broker closed the connection right after a SEND to
 * `destination`. RabbitMQ's Web-STOMP usually closes the socket (code 1000, "STOMP died") without
 * an ERROR frame, so `closeReason` (the connection's own account of the close) often adds little;
 * the destination carries most of the meaning.
 *
 * Note: on RabbitMQ 3.10 a SEND to `/amq/queue/NAME` for a queue that does not exist is *not*
 * refused: the message is unroutable and silently dropped, and the receipt still arrives.
 *
 * @example
 * explainRefusedSend('/exchange/orders/new', 'The connection to ws://h/ws closed (code 1000, "STOMP died").')
 * // 'The broker closed the connection after SEND to /exchange/orders/new: the exchange "orders" probably does not exist. …'
 */
export function explainRefusedSend(destination: string, closeReason: string): string {
  const head = `The broker closed the connection after SEND to ${destination}`;
  const lower = closeReason.toLowerCase();
  const said = brokerSaid(closeReason);
  const detail = said ? ` (the broker said: ${said})` : '';
  if (lower.includes('access_refused') || lower.includes('access refused')) {
    return `${head}: access refused${detail}. The user lacks write permission on this exchange or queue; grant it in the management UI (Admin → Users → Permissions).`;
  }
  if (lower.includes('precondition_failed') && lower.includes('expiration')) {
    return `${head}: RabbitMQ refused the expiration header${detail}. Give a whole number of milliseconds.`;
  }
  const parsed = parseDestination(destination);
  if (parsed.ok) {
    const d = parsed.value;
    if (d.kind === 'exchange') {
      return `${head}: the exchange "${d.exchange}" probably does not exist${detail}. Declare it first (management UI → Exchanges), or send to /topic/…, which uses the built-in amq.topic.`;
    }
    if (d.kind === 'queue' && d.queue.startsWith('amq.')) {
      return `${head}: queue names starting with "amq." are reserved, and /queue/ tries to declare the queue${detail}. Use /amq/queue/${d.queue} for an existing queue, or another name.`;
    }
    if (d.kind === 'amq-queue') {
      return `${head}: the queue "${d.queue}" may not exist or may refuse this message${detail}. /amq/queue/ only publishes to an existing queue; create it, or send to /queue/${d.queue}, which declares it.`;
    }
    if (d.kind === 'queue') {
      return `${head}: the queue "${d.queue}" probably exists with arguments that /queue/ does not match (for example a quorum queue or one declared non-durable)${detail}. Send to /amq/queue/${d.queue} to publish to the existing queue without declaring it.`;
    }
  }
  if (said) return `${head}: ${said}.`;
  return `${head} without saying why. Usual causes: a missing exchange, missing write permission, a header RabbitMQ refuses, or a body that is not UTF-8 on a broker with web_stomp.ws_frame = text.`;
}

/** The ERROR frame's words inside the connection's close reason, when there was an ERROR frame. */
function brokerSaid(closeReason: string): string {
  const match = /reported an error and closed the connection: (.*?)\.?$/s.exec(closeReason);
  return match?.[1]?.trim() ?? '';
}

/**
 * A note for destinations where RabbitMQ loses messages without any error, or null. Seen on 3.10:
 * a SEND to `/amq/queue/NAME` for a queue that does not exist is unroutable and dropped, yet
 * its receipt still arrives, so "confirmed" does not prove the queue got it.
 */
export function silentDropNote(destination: string): string | null {
  const parsed = parseDestination(destination);
  if (!parsed.ok || parsed.value.kind !== 'amq-queue') return null;
  const queue = parsed.value.queue;
  return `If the queue "${queue}" does not exist, RabbitMQ drops these messages without an error and still returns receipts. Check that it exists, or send to /queue/${queue}, which declares it.`;
}
