import { parseDestination } from '@/lib/routing/destination';

/**
 * The firehose over STOMP carries a message's body, but not its routing key nor its headers
 * (so not the dashboard's `x-stompwatch-seq` either). For messages the dashboard sent itself,
 * both are known: this remembers, per body, where the dashboard published it (exchange and
 * routing key) and each copy's sequence tag, so a watch pane can say whether a publish was
 * dropped and count what it saw in the Delivery matrix. Bodies another publisher sends are
 * simply unknown here, and said to be.
 */

/** Where the dashboard published one body, and the tags of its copies in send order. */
interface SentBody {
  exchange: string;
  /** Null once the same body was sent with two different keys: then the key is not known. */
  key: string | null;
  tags: string[];
}

/** At most this many distinct bodies are remembered (the oldest are forgotten first). */
export const MAX_SENT_BODIES = 10_000;
/** At most this many copies of one body are remembered. */
const MAX_TAGS_PER_BODY = 1_000;

export class SentBodies {
  private readonly bodies = new Map<string, SentBody>();

  /** Records one message the dashboard sends; O(1). */
  record(exchange: string, key: string, body: string, tag: string): void {
    const known = this.bodies.get(body);
    if (known) {
      if (known.exchange !== exchange || known.key !== key) known.key = null;
      if (known.tags.length < MAX_TAGS_PER_BODY) known.tags.push(tag);
      return;
    }
    this.bodies.set(body, { exchange, key, tags: [tag] });
    if (this.bodies.size > MAX_SENT_BODIES) {
      const oldest = this.bodies.keys().next().value;
      if (oldest !== undefined) this.bodies.delete(oldest);
    }
  }

  /** The routing key the dashboard published `body` to `exchange` with, or null when unknown. */
  keyOf(exchange: string, body: string): string | null {
    const known = this.bodies.get(body);
    return known && known.exchange === exchange ? known.key : null;
  }

  /** The sequence tag of the `nth` (0-based) copy of `body` the dashboard sent, if it did. */
  tagOf(body: string, nth: number): string | undefined {
    return this.bodies.get(body)?.tags[nth];
  }

  get size(): number {
    return this.bodies.size;
  }
}

/**
 * Wraps a send job's body function so each text body is remembered with where it goes and its
 * sequence tag (`<runId>:<i>`, as the bulk sender writes it). Costs a Map write per message:
 * the dashboard wraps only while a watch pane is open.
 */
export function rememberBodies<
  J extends { destination: string; body: (i: number) => string | Uint8Array },
>(job: J, runId: string, sent: SentBodies): J {
  const target = publishTarget(job.destination);
  if (target === null) return job;
  const { exchange, key } = target;
  return {
    ...job,
    body: (i: number) => {
      const body = job.body(i);
      if (typeof body === 'string') sent.record(exchange, key, body, `${runId}:${i}`);
      return body;
    },
  };
}

/** The exchange and routing key a SEND to `destination` publishes with; null when invalid. */
export function publishTarget(destination: string): { exchange: string; key: string } | null {
  const parsed = parseDestination(destination);
  if (!parsed.ok) return null;
  const d = parsed.value;
  switch (d.kind) {
    case 'exchange':
      return { exchange: d.exchange, key: d.pattern };
    case 'topic':
      return { exchange: 'amq.topic', key: d.pattern };
    case 'queue':
    case 'amq-queue':
    case 'reply-queue':
      return { exchange: '', key: d.queue };
    case 'temp-queue':
      return null;
  }
}
