/**
 * Tells "nothing listens there" from "an HTTP server listens there, but not Web-STOMP" after a
 * WebSocket handshake failed. Browsers report both as close code 1006 with no detail (the HTTP
 * status of a refused handshake only reaches the console), and timing cannot tell them apart:
 * on loopback a refused TCP connection and a quick 404 both fail within milliseconds.
 *
 * So the probe asks the same host, port and path over plain HTTP with `fetch(..., { mode:
 * 'no-cors' })`: a response of any status (opaque: nothing of it can be read) means something
 * answered; a network error means nothing did. It must run where the page's CSP (`connect-src
 * 'self' ws: wss:`) does not block http: the connection worker, whose script is served without
 * the page's policy. Where it is blocked, the fetch fails like an unreachable host, and the
 * message stays "Nothing answered", as before the probe existed.
 */

/** What {@link answersHttp} needs from `fetch`: a request that resolves on any HTTP response. */
export type ProbeFetch = (
  url: string,
  init: { mode: 'no-cors'; cache: 'no-store'; signal: AbortSignal },
) => Promise<unknown>;

/**
 * The http(s) URL with the host, port and path of a ws(s) URL (`ws:` → `http:`, `wss:` →
 * `https:`), or null for anything else.
 *
 * @example httpUrlFor('ws://127.0.0.1:15672/ws') // 'http://127.0.0.1:15672/ws'
 */
export function httpUrlFor(wsUrl: string): string | null {
  try {
    const url = new URL(wsUrl);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
    url.protocol = url.protocol === 'ws:' ? 'http:' : 'https:';
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return null;
  }
}

/**
 * True when an HTTP server answers at the host, port and path of `wsUrl` within `timeoutMs`;
 * false when nothing does, the request is blocked, or it takes longer.
 *
 * @example await answersHttp('ws://127.0.0.1:15672/ws', { fetch }) // true: the management UI answered
 */
export async function answersHttp(
  wsUrl: string,
  { fetch, timeoutMs = 3_000 }: { fetch: ProbeFetch; timeoutMs?: number },
): Promise<boolean> {
  const httpUrl = httpUrlFor(wsUrl);
  if (httpUrl === null) return false;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    await fetch(httpUrl, { mode: 'no-cors', cache: 'no-store', signal: abort.signal });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
