/**
 * The Content-Security-Policy of every page, with a fresh nonce per response (`proxy.ts`).
 *
 * Scripts run only when they carry the response's nonce, and what they load in turn
 * (`'strict-dynamic'`): Next.js puts the nonce on its own script tags, and its runtime loads the
 * rest of the chunks. So an injected `<script>` or event-handler attribute never runs, where
 * `'unsafe-inline'` would have let it. Styles keep `'unsafe-inline'`: React writes `style`
 * attributes, and a style cannot run code.
 */
export function contentSecurityPolicy({ nonce, dev }: { nonce: string; dev: boolean }): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce))
    throw new Error('A CSP nonce must be at least 16 base64 characters.');
  return [
    "default-src 'self'",
    // Dev mode (React Refresh) evaluates code; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // 'strict-dynamic' would not cover `new Worker(url)`: the connection worker is named here.
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The broker is wherever the user points the dashboard, over WebSocket.
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 128 random bits, base64: unguessable, and new for every response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
