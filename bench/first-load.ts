/**
 * First load of `/` from the production build: the JavaScript the page loads (each script
 * response's bytes gzipped at level 9, like gzip-size, summed), and the time from navigation
 * start until `Connect` is usable (see CONNECT_PROBE_SCRIPT: hydrated, clicked, and the
 * `Connection status` says connecting/connected). Each load runs in a fresh browser context,
 * so the HTTP cache is cold; the server is warmed by one request first.
 */
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from '@playwright/test';
import { CONNECT_PROBE_SCRIPT } from './browser-metrics';
import { median, sleep } from './stats';

export interface FirstLoadResult {
  loads: number;
  /** Sum over the page's scripts of their gzipped size, in kB (1000 bytes). */
  jsGzipKB: number;
  jsRawKB: number;
  scripts: { path: string; rawBytes: number; gzipBytes: number }[];
  /** Median over the loads, ms from navigation start. */
  connectUsableMs: number;
  hydratedMs: number;
  domContentLoadedMs: number;
  perLoad: { hydratedMs: number; connectUsableMs: number; domContentLoadedMs: number; clicks: number }[];
}

interface Probe {
  hydratedAt: number | null;
  clickedAt: number | null;
  usableAt: number | null;
  clicks: number;
  status: string;
}

export async function measureFirstLoad(browser: Browser, baseUrl: string, loads: number): Promise<FirstLoadResult> {
  await fetch(baseUrl).then((r) => r.arrayBuffer());
  const perLoad: FirstLoadResult['perLoad'] = [];
  let scripts: FirstLoadResult['scripts'] = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 1000 } });
    try {
      await context.addInitScript({ content: CONNECT_PROBE_SCRIPT });
      const page = await context.newPage();
      const bodies: Promise<{ url: string; body: Buffer } | null>[] = [];
      page.on('response', (response: Response) => {
        if (response.request().resourceType() !== 'script' || !response.url().startsWith(baseUrl)) return;
        bodies.push(
          response
            .body()
            .then((body) => ({ url: response.url(), body }))
            .catch(() => null),
        );
      });
      await page.goto('/', { waitUntil: 'load' });
      // Polled from here: a string predicate for waitForFunction would be eval'd in the page, which its CSP forbids.
      let probe: Probe | null = null;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) {
        probe = (await page.evaluate('window.__swbConnect')) as Probe | null;
        if (probe?.usableAt != null) break;
      }
      if (probe?.usableAt == null) {
        throw new Error(`Connect did not become usable within 30 s of loading / (probe: ${JSON.stringify(probe)})`);
      }
      const dcl = (await page.evaluate(
        "performance.getEntriesByType('navigation')[0] ? performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd : -1",
      )) as number;
      perLoad.push({ hydratedMs: probe.hydratedAt ?? Number.NaN, connectUsableMs: probe.usableAt ?? Number.NaN, domContentLoadedMs: dcl, clicks: probe.clicks });
      if (i === 0) {
        const loaded = (await Promise.all(bodies)).filter((entry) => entry !== null);
        const seen = new Set<string>();
        scripts = loaded
          .filter((entry) => !seen.has(entry.url) && seen.add(entry.url))
          .map((entry) => ({
            path: new URL(entry.url).pathname,
            rawBytes: entry.body.length,
            gzipBytes: gzipSync(entry.body, { level: 9 }).length,
          }));
      }
    } finally {
      await context.close();
    }
  }
  const sum = (key: 'rawBytes' | 'gzipBytes') => scripts.reduce((total, s) => total + s[key], 0) / 1000;
  return {
    loads,
    jsGzipKB: sum('gzipBytes'),
    jsRawKB: sum('rawBytes'),
    scripts: scripts.sort((a, b) => b.gzipBytes - a.gzipBytes),
    connectUsableMs: median(perLoad.map((l) => l.connectUsableMs)),
    hydratedMs: median(perLoad.map((l) => l.hydratedMs)),
    domContentLoadedMs: median(perLoad.map((l) => l.domContentLoadedMs)),
    perLoad,
  };
}
