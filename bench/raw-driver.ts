/**
 * Drives the real dashboard over raw DevTools (see raw-cdp.ts for why not Playwright), by the
 * accessible names of ../shared/ui-contract.md: forms by `aria-label`, controls by their label's
 * own text or `aria-label`, buttons by their text. Values are set the way typing does for React
 * (the native value setter, then `input` and `change` events); buttons get a real `click()`.
 */
import type { RawPage } from './raw-cdp';
import type { BenchContext } from './scenarios';
import { VIEWPORT } from './scenarios';
import { PAGE_SCRIPT } from './browser-metrics';
import { sleep } from '../scripts/lib/process';

/** In-page helpers, installed before the first navigation. Plain JavaScript in a string. */
export const DRIVER_SCRIPT = String.raw`(() => {
  if (window.__swbDriver) return;
  const norm = (text) => String(text || '').replace(/\s+/g, ' ').trim();
  // A control's name: aria-label, else its label's own text (not the control's, not the hint).
  const nameOf = (el) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return norm(aria);
    const label = el.labels && el.labels[0];
    if (!label) return '';
    for (const node of label.childNodes) {
      if (node.contains(el)) continue;
      const text = norm(node.textContent);
      if (text) return text;
    }
    return '';
  };
  const scopeOf = (scope) => {
    if (!scope) return document;
    const found = document.querySelector(scope);
    if (!found) throw new Error('not on the page: ' + scope);
    return found;
  };
  const control = (scope, name) => {
    const root = scopeOf(scope);
    const el = [...root.querySelectorAll('input, textarea, select')].find((c) => nameOf(c) === name);
    if (!el) throw new Error('no control named "' + name + '" in ' + (scope || 'the page'));
    return el;
  };
  const button = (scope, name) => [...scopeOf(scope).querySelectorAll('button')]
    .find((b) => norm(b.getAttribute('aria-label') || b.textContent) === name) || null;
  const hydrated = (el) => !!el && Object.keys(el).some((k) => k.startsWith('__reactProps$'));
  window.__swbDriver = {
    ready: (scope, name) => { const b = button(scope, name); return !!b && !b.disabled && hydrated(b); },
    exists: (selector) => !!document.querySelector(selector),
    text: (selector) => { const el = document.querySelector(selector); return el ? el.textContent : null; },
    fill: (scope, name, value) => {
      const el = control(scope, name);
      const proto = Object.getPrototypeOf(el);
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, String(value));
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    // The elements (by selector) not entirely inside the viewport, with where they are.
    outsideViewport: (selectors) => selectors.flatMap((selector) => {
      const el = document.querySelector(selector);
      if (!el) return [{ selector, rect: 'nowhere (not on the page)' }];
      const r = el.getBoundingClientRect();
      const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
      return inside ? [] : [{ selector, rect: 'x ' + Math.round(r.left) + '–' + Math.round(r.right) + ', y ' + Math.round(r.top) + '–' + Math.round(r.bottom) }];
    }),
    // Commits a field that saves on blur (a pane's "Keep at most").
    blur: (scope, name) => { const el = control(scope, name); el.focus(); el.blur(); return true; },
    click: (scope, name) => {
      const b = button(scope, name);
      if (!b) throw new Error('no button "' + name + '" in ' + (scope || 'the page'));
      b.click();
      return true;
    },
  };
})();`;

const css = (text: string) => JSON.stringify(text);

export const paneSelector = (id: string) => `section[aria-label=${css(`Subscription ${id}`)}]`;
const SUBSCRIBE_FORM = 'form[aria-label="Subscribe"]';
const SEND_FORM = 'form[aria-label="Send"]';
const CONNECTION_STATUS = '[role="status"][aria-label="Connection status"]';
export const SEND_STATUS = '[role="status"][aria-label="Send status"]';

export class RawDashboardDriver {
  constructor(readonly page: RawPage) {}

  private call<T>(fn: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate<T>(
      `window.__swbDriver.${fn}(${args.map((a) => JSON.stringify(a ?? null)).join(', ')})`,
    );
  }

  private async until(
    what: string,
    timeoutMs: number,
    check: () => Promise<boolean>,
    last: () => Promise<string> = async () => '',
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await sleep(50);
    }
    throw new Error(
      `${what}: not within ${timeoutMs / 1000} s${(await last()) ? ` (last: "${(await last()).trim()}")` : ''}`,
    );
  }

  async open(url: string): Promise<void> {
    await this.page.navigate(url);
    await this.until('Connect usable', 30_000, () => this.call<boolean>('ready', null, 'Connect'));
  }

  /** Clicks Connect (the form is prefilled with the bench broker) and waits for `connected`. */
  async connect(): Promise<void> {
    await this.call('click', null, 'Connect');
    const status = () => this.call<string | null>('text', CONNECTION_STATUS).then((t) => t ?? '');
    await this.until(
      'Connection status connected',
      20_000,
      async () => /(^|\W)connected\b/.test(await status()),
      status,
    );
  }

  /** Subscribes a pane through the Subscribe form and waits until its status says subscribed. */
  async subscribe(destination: string, id: string): Promise<void> {
    await this.call('fill', SUBSCRIBE_FORM, 'Destination', destination);
    await this.call('fill', SUBSCRIBE_FORM, 'Subscription id', id);
    await this.call('fill', SUBSCRIBE_FORM, 'Ack mode', 'auto');
    await this.call('click', SUBSCRIBE_FORM, 'Subscribe');
    const status = () =>
      this.call<string | null>(
        'text',
        `${paneSelector(id)} [role="status"][aria-label="Subscription status"]`,
      ).then((t) => t ?? '');
    await this.until(
      `pane ${id} subscribed`,
      20_000,
      async () => /\bsubscribed\b/.test(await status()),
      status,
    );
    await this.until(`pane ${id} Message count`, 10_000, () =>
      this.call<boolean>('exists', `${paneSelector(id)} [aria-label="Message count"]`),
    );
  }

  /** Opens a tab of the Routing panel (`Graph`…) and waits until `ready` (a selector) is on the page. */
  async openRoutingTab(name: string, ready: string): Promise<void> {
    await this.call('click', 'section[aria-label="Routing"] [role="tablist"]', name);
    await this.until(`the ${name} tab`, 20_000, () => this.call<boolean>('exists', ready));
  }

  /** Sets how many messages a pane keeps, through its `Keep at most` field, and waits until it shows. */
  async setCapacity(id: string, capacity: number): Promise<void> {
    await this.call('fill', paneSelector(id), 'Keep at most', capacity);
    await this.call('blur', paneSelector(id), 'Keep at most');
    const shown = capacity.toLocaleString('en-US');
    await this.until(
      `pane ${id} keeps ${shown}`,
      10_000,
      async () =>
        (await this.call<string | null>('text', paneSelector(id)))?.includes(
          `keeps at most ${shown}`,
        ) ?? false,
    );
  }

  /** Which of these elements are not entirely inside the viewport (none found counts as outside). */
  outsideViewport(selectors: string[]): Promise<{ selector: string; rect: string }[]> {
    return this.call('outsideViewport', selectors);
  }

  hasSendForm(): Promise<boolean> {
    return this.call<boolean>('exists', SEND_FORM);
  }

  /** Fills the Send form, everything but the click. */
  async fillSend(destination: string, body: string, repeat: number): Promise<void> {
    await this.call('fill', SEND_FORM, 'Destination', destination);
    await this.call('fill', SEND_FORM, 'Message body', body);
    await this.call('fill', SEND_FORM, 'Repeat', repeat);
  }

  clickSend(): Promise<void> {
    return this.call('click', SEND_FORM, 'Send');
  }
}

/**
 * A fresh page on the dashboard (the server started again if it died), driven by the raw driver
 * and connected. `onPage` gets the page as soon as it exists, so the caller can close it
 * whatever fails after.
 */
export async function openConnectedPage(
  ctx: Pick<BenchContext, 'server' | 'raw' | 'log'>,
  onPage: (page: RawPage) => void,
): Promise<{ page: RawPage; ui: RawDashboardDriver }> {
  await ctx.server.ensureUp(ctx.log);
  const page = await ctx.raw.newPage({ initScripts: [PAGE_SCRIPT, DRIVER_SCRIPT], ...VIEWPORT });
  onPage(page);
  const ui = new RawDashboardDriver(page);
  await ui.open(`${ctx.server.baseUrl}/`);
  await ui.connect();
  return { page, ui };
}
