import type { NextConfig } from 'next';
import { NOT_A_PAGE_HEADERS, SECURITY_HEADERS } from './lib/security/headers';

/**
 * Security headers for every route (`lib/security/headers.ts`). The Content-Security-Policy of
 * pages is not here: they get one with a fresh nonce per response from `proxy.ts` (see
 * `lib/security/csp.ts`).
 *
 * `STOMPWATCH_BASE_PATH` (e.g. /stompwatch) serves the dashboard under a path behind a reverse
 * proxy; it is read at build time, so build with it set. `STOMPWATCH_DIST_DIR` builds into
 * another folder than `.next`, so a second build (the base-path e2e test's) leaves the main one
 * alone.
 */
const basePath = process.env.STOMPWATCH_BASE_PATH?.trim() || undefined;
const distDir = process.env.STOMPWATCH_DIST_DIR?.trim() || undefined;

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // `npm test` type-checks the whole tree once with `tsc --noEmit`, beside the build, and asks
  // the build not to do it a second (and third) time. Every other build checks types.
  typescript: { ignoreBuildErrors: process.env.STOMPWATCH_TYPECHECKED_ELSEWHERE === '1' },
  poweredByHeader: false,
  basePath,
  distDir,
  env: {
    // The browser needs the base path for the URLs it builds itself (the management route).
    NEXT_PUBLIC_STOMPWATCH_BASE_PATH: basePath ?? '',
  },
  async headers() {
    return [
      { source: '/:path*', headers: [...SECURITY_HEADERS] },
      // JSON only: nothing there may run, be framed or be kept.
      { source: '/api/:path*', headers: [...NOT_A_PAGE_HEADERS] },
    ];
  },
};

export default nextConfig;
