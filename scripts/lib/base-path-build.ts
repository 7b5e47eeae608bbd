/**
 * The second production build the deployment test serves behind nginx: under /stompwatch, in a
 * folder of its own inside .next (so lint, git and the main build's clean-up cover it and the
 * main build stays untouched). `npm test` builds it; the spec builds it when missing or stale.
 */
export const BASE_PATH_BUILD = {
  basePath: '/stompwatch',
  distDir: '.next/base-path-build',
} as const;

/** The environment `next build` and `next start` need for that build. */
export const BASE_PATH_BUILD_ENV: Record<string, string> = {
  STOMPWATCH_BASE_PATH: BASE_PATH_BUILD.basePath,
  STOMPWATCH_DIST_DIR: BASE_PATH_BUILD.distDir,
};
