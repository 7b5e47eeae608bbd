/**
 * The security headers of every answer, in one place: `next.config.ts` puts them on all routes,
 * `proxy.ts` on its refusals and `scripts/serve.ts` on the methods it turns away before Next.js,
 * so an error never carries fewer than a normal answer.
 */

/** A header as `next.config` `headers()` lists them. */
export interface HeaderEntry {
  key: string;
  value: string;
}

/** The same on every answer, errors and 404s included. */
export const SECURITY_HEADERS: readonly HeaderEntry[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/**
 * For answers that are not pages (the API's JSON, refusals): nothing there may run, be framed or
 * be kept. Pages get their policy, with a nonce, from `proxy.ts`.
 */
export const NOT_A_PAGE_HEADERS: readonly HeaderEntry[] = [
  { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
  { key: 'Cache-Control', value: 'no-store' },
];

/**
 * All headers of a plain-text refusal (400, 405, 421), as one object for a response.
 * @example new Response('Misdirected', { status: 421, headers: refusalHeaders() })
 */
export function refusalHeaders(): Record<string, string> {
  return Object.fromEntries(
    [
      ...SECURITY_HEADERS,
      ...NOT_A_PAGE_HEADERS,
      { key: 'Content-Type', value: 'text/plain; charset=utf-8' },
    ].map(({ key, value }) => [key, value]),
  );
}
