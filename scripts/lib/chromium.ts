import { existsSync } from 'node:fs';

/** Debian's Chromium, which every browser run here prefers (`playwright install` cannot download). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to launch: STOMPWATCH_CHROMIUM, else Debian's when present, else Playwright's own. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.STOMPWATCH_CHROMIUM ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
}

/** Chromium flags that work in this container, for the e2e tests, the bench and the soak alike. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
