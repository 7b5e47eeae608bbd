/**
 * Web-STOMP URL helpers shared by the server's configuration and the browser's connection form.
 * Kept apart from `env.ts` (and free of zod) so the client bundle gets only these few lines.
 */

/**
 * Returns a plain-words problem with a Web-STOMP URL, or null when it is usable.
 * @example checkWebSocketUrl('http://localhost:15674/ws') // 'use ws:// or wss://, not http://'
 */
export function checkWebSocketUrl(url: string): string | null {
  if (url.startsWith('//')) {
    return `"${url}" has no scheme; write ws:${url} or wss:${url}, or a path such as /ws on this page's own host`;
  }
  if (url.startsWith('/')) {
    return /^\/[^?#\s]*$/.test(url)
      ? null
      : `"${url}" is not a plain path like /ws (no query, no spaces)`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; expected something like ws://127.0.0.1:15674/ws`;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const suggested = url.replace(/^http/, 'ws');
    return `"${url}" is an ${parsed.protocol.slice(0, -1)} URL; Web-STOMP needs a WebSocket URL such as ${suggested}`;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return `"${url}" must start with ws:// or wss://`;
  }
  if (parsed.username || parsed.password) {
    return `"${parsed.host}": put the login and passcode in their own fields, never in the URL`;
  }
  return null;
}

/**
 * Turns a broker URL that is a path (`/ws`) into a WebSocket URL on the page's own origin, `ws:`
 * under http and `wss:` under https, so one reverse proxy can serve the dashboard and Web-STOMP
 * together. Absolute URLs, and paths where there is no page (Node), come back unchanged.
 * @example resolveBrokerUrl('/ws', 'https://mq.example.com/stompwatch/') // 'wss://mq.example.com/ws'
 */
export function resolveBrokerUrl(url: string, pageUrl: string | undefined): string {
  if (!url.startsWith('/') || url.startsWith('//') || pageUrl === undefined) return url;
  const resolved = new URL(url, pageUrl);
  if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
  else if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
  else return url;
  return resolved.href;
}

/** Splits a comma-separated broker URL list into its URLs. */
export function brokerUrls(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
