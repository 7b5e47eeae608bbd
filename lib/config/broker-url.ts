/**
 * Web-STOMP URL helpers shared by the server's configuration and the browser's connection form.
 * Kept apart from `env.ts` (and free of zod) so the client bundle gets only these few lines.
 */

/**
 * Returns a plain-words problem with a Web-STOMP URL, or null when it is usable.
 * @example checkWebSocketUrl('http://localhost:15674/ws') // 'use ws:// or wss://, not http://'
 */
export function checkWebSocketUrl(url: string): string | null {
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

/** Splits a comma-separated broker URL list into its URLs. */
export function brokerUrls(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
