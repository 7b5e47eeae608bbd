/**
 * Caps how many management requests are in flight at once, per client and in total, so the
 * dashboard cannot be used to flood the broker's management API. Concurrency, not a rate: a
 * client that waits for its answers is never refused, and a stalled upstream call holds its slot
 * only until the upstream timeout ends it.
 *
 * @example
 * const limiter = new ConcurrencyLimiter({ perClient: 4, total: 16 });
 * const slot = limiter.tryAcquire('10.0.0.7');
 * if (!slot.ok) return tooManyRequests(slot.error);
 * try { … } finally { slot.value(); }
 */
import { err, ok, type Result } from '@/lib/util/result';

export interface ConcurrencyLimits {
  perClient: number;
  total: number;
}

/** Why a request was refused, with how long to wait before trying again (for `Retry-After`). */
export interface LimitRefusal {
  scope: 'client' | 'total';
  retryAfterSeconds: number;
  error: string;
}

/** Default limits: the topology panel needs 4 requests at a time per refresh. */
export const MANAGEMENT_CONCURRENCY: ConcurrencyLimits = { perClient: 4, total: 16 };

/** In-flight requests finish within the upstream timeout; a second is a fair first wait. */
const RETRY_AFTER_SECONDS = 1;

export class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: ConcurrencyLimits = MANAGEMENT_CONCURRENCY) {}

  /**
   * Takes a slot for `client` and returns its release function (safe to call more than once),
   * or why there is none.
   */
  tryAcquire(client: string): Result<() => void, LimitRefusal> {
    const mine = this.inFlight.get(client) ?? 0;
    if (mine >= this.limits.perClient) {
      return this.refuse(
        'client',
        `Too many management requests at once from this address (at most ${this.limits.perClient}); try again in a moment.`,
      );
    }
    if (this.total >= this.limits.total) {
      return this.refuse(
        'total',
        `The dashboard is already waiting on ${this.limits.total} management requests; try again in a moment.`,
      );
    }
    this.inFlight.set(client, mine + 1);
    this.total += 1;
    let released = false;
    return ok(() => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.inFlight.get(client) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(client);
      else this.inFlight.set(client, left);
    });
  }

  /** Requests in flight, in total and for one client. */
  count(client?: string): number {
    return client === undefined ? this.total : (this.inFlight.get(client) ?? 0);
  }

  private refuse(scope: LimitRefusal['scope'], error: string) {
    return err<LimitRefusal>({ scope, retryAfterSeconds: RETRY_AFTER_SECONDS, error });
  }
}

/**
 * The client address a request came from: the last `X-Forwarded-For` entry, which is what the
 * nearest proxy saw (nginx's `$proxy_add_x_forwarded_for` appends it; `next start` sets the
 * socket's address when the header is absent). A client talking to the server directly can
 * write that header itself, which is why the total limit stands behind the per-client one.
 * @example clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.7' })) // '10.0.0.7'
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  return last ? last : 'unknown';
}
