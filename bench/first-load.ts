/**
 * First load of `/` from the production build, and the time from navigation start until
 * `Connect` is usable (see CONNECT_PROBE_SCRIPT: hydrated, clicked, and the `Connection status`
 * says connecting/connected). Each load runs in a fresh browser context, so the HTTP cache is
 * cold; the server is warmed by one request first.
 *
 * Sizes are each script response's bytes gzipped at level 9 (like gzip-size), summed, in two
 * sums: the **first-load JS** proper, the scripts the HTML of `/` loads (what Next.js calls First
 * Load JS; `nomodule` polyfills, which modern browsers do not fetch, left out), and **all JS
 * fetched** until Connect was usable, which adds the chunks the page fetches on its own after
 * hydration (the pane UI, the socket worker).
 */
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from '@playwright/test';
import { CONNECT_PROBE_SCRIPT } from './browser-metrics';
import { sleep } from '../scripts/lib/process';
import { median } from './stats';

export interface FirstLoadResult {
  loads: number;
  /** Sum over the scripts the HTML of `/` loads of their gzipped size, in kB (1000 bytes). */
  jsGzipKB: number;
  jsRawKB: number;
  /** The same over every script fetched until Connect was usable. */
  allJsGzipKB: number;
  allJsRawKB: number;
  /** Every script fetched until Connect was usable; `inHtml` marks the first-load ones. */
  scripts: { path: string; rawBytes: number; gzipBytes: number; inHtml: boolean }[];
  /** Median over the loads, ms from navigation start. */
  connectUsableMs: number;
  hydratedMs: number;
  domContentLoadedMs: number;
  perLoad: {
    hydratedMs: number;
    connectUsableMs: number;
    domContentLoadedMs: number;
    clicks: number;
  }[];
}

interface Probe {
  hydratedAt: number | null;
  clickedAt: number | null;
  usableAt: number | null;
  clicks: number;
  status: string;
}

export async function measureFirstLoad(
  browser: Browser,
  baseUrl: string,
  loads: number,
): Promise<FirstLoadResult> {
  const html = await fetch(baseUrl).then((r) => r.text());
  const htmlScripts = scriptsInHtml(html, baseUrl);
  const perLoad: FirstLoadResult['perLoad'] = [];
  let scripts: FirstLoadResult['scripts'] = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1400, height: 1000 },
    });
    try {
      await context.addInitScript({ content: CONNECT_PROBE_SCRIPT });
      const page = await context.newPage();
      const bodies: Promise<{ url: string; body: Buffer } | null>[] = [];
      page.on('response', (response: Response) => {
        if (response.request().resourceType() !== 'script' || !response.url().startsWith(baseUrl))
          return;
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
        throw new Error(
          `Connect did not become usable within 30 s of loading / (probe: ${JSON.stringify(probe)})`,
        );
      }
      const dcl = (await page.evaluate(
        "performance.getEntriesByType('navigation')[0] ? performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd : -1",
      )) as number;
      perLoad.push({
        hydratedMs: probe.hydratedAt ?? Number.NaN,
        connectUsableMs: probe.usableAt ?? Number.NaN,
        domContentLoadedMs: dcl,
        clicks: probe.clicks,
      });
      if (i === 0) {
        const loaded = (await Promise.all(bodies)).filter((entry) => entry !== null);
        const seen = new Set<string>();
        scripts = loaded
          .filter((entry) => !seen.has(entry.url) && seen.add(entry.url))
          .map((entry) => ({
            path: new URL(entry.url).pathname,
            rawBytes: entry.body.length,
            gzipBytes: gzipSync(entry.body, { level: 9 }).length,
            inHtml: htmlScripts.has(new URL(entry.url).pathname),
          }));
        const missing = [...htmlScripts].filter(
          (path) => !scripts.some((script) => script.path === path),
        );
        if (missing.length > 0)
          throw new Error(`scripts in the HTML of / were not seen loading: ${missing.join(', ')}`);
      }
    } finally {
      await context.close();
    }
  }
  const sum = (key: 'rawBytes' | 'gzipBytes', only = false) =>
    scripts.filter((s) => !only || s.inHtml).reduce((total, s) => total + s[key], 0) / 1000;
  return {
    loads,
    jsGzipKB: sum('gzipBytes', true),
    jsRawKB: sum('rawBytes', true),
    allJsGzipKB: sum('gzipBytes'),
    allJsRawKB: sum('rawBytes'),
    scripts: scripts.sort((a, b) => b.gzipBytes - a.gzipBytes),
    connectUsableMs: median(perLoad.map((l) => l.connectUsableMs)),
    hydratedMs: median(perLoad.map((l) => l.hydratedMs)),
    domContentLoadedMs: median(perLoad.map((l) => l.domContentLoadedMs)),
    perLoad,
  };
}

/** Paths of the `<script src>` elements of a page, same origin only, `nomodule` ones left out. */
export function scriptsInHtml(html: string, baseUrl: string): Set<string> {
  const paths = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attributes = match[1] ?? '';
    if (/\bnomodule\b/i.test(attributes)) continue;
    const src = /\bsrc="([^"]+)"/i.exec(attributes)?.[1];
    if (!src) continue;
    const url = new URL(src.replaceAll('&amp;', '&'), baseUrl);
    if (url.origin === new URL(baseUrl).origin) paths.add(url.pathname);
  }
  return paths;
}
