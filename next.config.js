// @ts-check

/**
 * Security headers for every route. The Content-Security-Policy of pages is not here: they get
 * one with a fresh nonce per response from `proxy.ts` (see `lib/security/csp.ts`).
 *
 * `STOMPWATCH_BASE_PATH` (e.g. /stompwatch) serves the dashboard under a path behind a reverse
 * proxy; it is read at build time, so build with it set. `STOMPWATCH_DIST_DIR` builds into
 * another folder than `.next`, so a second build (the base-path e2e test's) leaves the main one
 * alone.
 */
const basePath = process.env.STOMPWATCH_BASE_PATH?.trim() || undefined;
const distDir = process.env.STOMPWATCH_DIST_DIR?.trim() || undefined;

/** The same on every answer, errors and 404s included. */
const everywhere = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  basePath,
  distDir,
  env: {
    // The browser needs the base path for the URLs it builds itself (the management route).
    NEXT_PUBLIC_STOMPWATCH_BASE_PATH: basePath ?? '',
  },
  async headers() {
    return [
      { source: '/:path*', headers: everywhere },
      {
        // JSON only: nothing there may run, be framed or be kept.
        source: '/api/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
          { key: 'Cache-Control', value: 'no-store' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
