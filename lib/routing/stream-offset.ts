import type { AckMode } from '@/lib/panes/pane-config';
import { err, ok, type Result } from '@/lib/util/result';

/** The prefetch-count a stream read gets when none is set: RabbitMQ requires one for streams. */
export const DEFAULT_STREAM_PREFETCH = 100;

/**
 * Reads what a person typed as a stream's starting point into the `x-stream-offset` header
 * RabbitMQ understands: `first`, `last`, `next`, `offset=N`, `timestamp=N` (seconds since
 * 1970), or a date-time (`2024-05-01T12:00:00Z`, `2024-05-01 12:00`), which becomes
 * `timestamp=<seconds>`. A bare number is refused: RabbitMQ accepts `x-stream-offset: 3` without
 * an error and then delivers nothing (rabbitmq-notes.md, "Streams").
 *
 * @example
 * parseStreamOffset('offset=40')            // ok('offset=40')
 * parseStreamOffset('2024-05-01T12:00:00Z') // ok('timestamp=1714564800')
 * parseStreamOffset('40')                   // err('A bare number … write offset=40 …')
 */
export function parseStreamOffset(text: string): Result<string> {
  const value = text.trim();
  if (/^(first|last|next)$/i.test(value)) return ok(value.toLowerCase());
  const keyed = /^(offset|timestamp)\s*=\s*(\d+)$/i.exec(value);
  if (keyed) return ok(`${keyed[1]!.toLowerCase()}=${Number(keyed[2])}`);
  if (/^\d+$/.test(value)) {
    return err(
      `A bare number is accepted by RabbitMQ and then delivers nothing: write offset=${value} to start at that offset (or timestamp=${value} for seconds since 1970).`,
    );
  }
  // A date-time: at least a full date, so "12" or "May" are not read as times.
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const ms = Date.parse(
      value.includes('T') || !value.includes(' ') ? value : value.replace(' ', 'T'),
    );
    if (Number.isFinite(ms)) return ok(`timestamp=${Math.floor(ms / 1000)}`);
  }
  return err(
    `"${value}" is not a stream offset: use first, last, next, offset=N, or a time such as 2024-05-01T12:00:00Z.`,
  );
}

/** What a stream read subscribes with. */
export interface StreamSubscription {
  /** The `x-stream-offset` header value. */
  streamOffset: string;
  ackMode: Exclude<AckMode, 'auto'>;
  prefetchCount: number;
}

/**
 * The settings a stream read needs: RabbitMQ refuses a stream consumer without manual acks or
 * without a prefetch-count, so `auto` becomes `client` and a missing prefetch becomes
 * {@link DEFAULT_STREAM_PREFETCH}. The pane then acks as it goes.
 */
export function streamSubscription(
  offsetText: string,
  ackMode: AckMode,
  prefetchCount: number | undefined,
): Result<StreamSubscription> {
  const offset = parseStreamOffset(offsetText);
  if (!offset.ok) return offset;
  return ok({
    streamOffset: offset.value,
    ackMode: ackMode === 'auto' ? 'client' : ackMode,
    prefetchCount: prefetchCount || DEFAULT_STREAM_PREFETCH,
  });
}

/** `timestamp=<seconds>` for a point in time (epoch ms), as the date-time picker sends it. */
export function timestampOffset(ms: number): string {
  return `timestamp=${Math.floor(ms / 1000)}`;
}
