import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { StompHeaders } from '@stomp/stompjs';
import { DashboardPage, type PaneLocators } from './dashboard-page';
import { nodeClient, publish, uniqueName } from './stomp-node';

/**
 * Helpers for the bad-input catalogue (e2e/bad-input.spec.ts) and the XSS suite (e2e/xss.spec.ts):
 * a fixture that records page errors and dialogs from the first navigation on, a "bystander" pane
 * that must keep receiving whatever the case did, and form helpers that take raw text where the
 * page object takes typed values (bad input is, by definition, not a number).
 */

/** What every case gets: the page object, and what went wrong on the page while it ran. */
export interface Watched {
  dashboard: DashboardPage;
  page: Page;
  /** `pageerror` events (uncaught exceptions and rejections in the page). */
  errors: string[];
  /** Messages of every `alert`/`confirm`/`prompt` the page opened (each is dismissed). */
  dialogs: string[];
}

async function watch(page: Page): Promise<Watched> {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  return { dashboard, page, errors, dialogs };
}

/**
 * `test` with two fixtures whose listeners attach before the dashboard first loads:
 * - `watched`: a fresh page per test;
 * - `sharedWatched`: one page per worker, for cases that only exercise the page's own checks
 *   (nothing reaches the broker), so they need not pay for a page load and a connect each.
 *   A failed test restarts the worker, so a case that broke the page never hands it on.
 */
export const test = base.extend<{ watched: Watched }, { sharedWatched: Watched }>({
  watched: async ({ page }, provide) => {
    await provide(await watch(page));
  },
  sharedWatched: [
    async ({ browser }, provide, workerInfo) => {
      const { baseURL, viewport } = workerInfo.project.use;
      const context = await browser.newContext({ baseURL, viewport });
      await provide(await watch(await context.newPage()));
      await context.close();
    },
    { scope: 'worker' },
  ],
});

export { expect };

export type AckMode = 'auto' | 'client' | 'client-individual';

/** The Subscribe form with every field as typed text, including the "Builder and options" ones. */
export interface SubscribeInput {
  destination: string;
  id: string;
  ackMode?: AckMode;
  connection?: 'own' | 'shared';
  /** "Keep at most (messages)". */
  keepAtMost?: string;
  prefetch?: string;
  messageTtl?: string;
}

/**
 * Fills and submits the Subscribe form, every option included (a value left from an earlier case
 * on a shared page must not change the outcome); returns the pane's locators, which may not exist
 * when the form refused.
 */
export async function submitSubscribe(
  dashboard: DashboardPage,
  input: SubscribeInput,
): Promise<PaneLocators> {
  const form = dashboard.subscribeForm;
  await form.getByRole('textbox', { name: 'Destination' }).fill(input.destination);
  await form.getByRole('textbox', { name: 'Subscription id' }).fill(input.id);
  await form.getByRole('combobox', { name: 'Ack mode' }).selectOption(input.ackMode ?? 'auto');
  await openDetails(form);
  await form.getByRole('combobox', { name: 'Connection' }).selectOption(input.connection ?? 'own');
  await form.getByRole('textbox', { name: 'Keep at most' }).fill(input.keepAtMost ?? '5000');
  await form.getByRole('textbox', { name: 'prefetch-count' }).fill(input.prefetch ?? '');
  await form.getByRole('textbox', { name: 'x-message-ttl' }).fill(input.messageTtl ?? '');
  await form.getByRole('button', { name: 'Subscribe' }).click();
  return dashboard.pane(input.id);
}

/** Subscribes and waits until the broker confirmed it. */
export async function subscribed(
  dashboard: DashboardPage,
  input: SubscribeInput,
): Promise<PaneLocators> {
  const pane = await submitSubscribe(dashboard, input);
  await pane.expectSubscribed();
  return pane;
}

/** The Send form with every field as typed text. Unset fields are cleared (body: "x", Repeat: 1). */
export interface SendInput {
  destination: string;
  body?: string;
  /** Puts a body of this many "x" straight into the box, as a paste would (typing megabytes takes minutes). */
  pasteBytes?: number;
  encoding?: 'text' | 'json' | 'base64' | 'hex';
  headers?: string;
  repeat?: string;
  /** Typed key by key (a number input drops what is not a number, as it does for a person). */
  repeatKeys?: string;
  rate?: string;
  contentType?: string;
  priority?: string;
  expiration?: string;
  replyTo?: string;
}

export async function fillSendRaw(dashboard: DashboardPage, input: SendInput): Promise<void> {
  await dashboard.fillSend({
    destination: input.destination,
    body: input.body ?? 'x',
    headers: input.headers ?? '',
    encoding: input.encoding ?? 'text',
    contentType: input.contentType ?? '',
  });
  const form = dashboard.sendForm;
  if (input.pasteBytes !== undefined)
    await paste(form.getByRole('textbox', { name: 'Message body' }), input.pasteBytes);
  const repeat = form.getByRole('spinbutton', { name: 'Repeat' });
  if (input.repeatKeys !== undefined) {
    await repeat.fill('');
    await repeat.pressSequentially(input.repeatKeys);
  } else {
    await repeat.fill(input.repeat ?? '1');
  }
  await form.getByRole('textbox', { name: 'Rate limit (msg/s)' }).fill(input.rate ?? '');
  await form.getByRole('textbox', { name: 'priority' }).fill(input.priority ?? '');
  await form.getByRole('textbox', { name: 'expiration' }).fill(input.expiration ?? '');
  await form.getByRole('textbox', { name: 'reply-to' }).fill(input.replyTo ?? '');
}

export async function submitSend(dashboard: DashboardPage, input: SendInput): Promise<void> {
  await fillSendRaw(dashboard, input);
  await dashboard.sendForm.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Sets a text box to `size` times "x" in one input event, the way a paste arrives. */
async function paste(box: Locator, size: number): Promise<void> {
  await box.evaluate((element, n) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    setter?.call(element, 'x'.repeat(n));
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, size);
}

/** Opens a form's `<details>` ("Builder and options" / "Builder, common headers and receipts"). */
export async function openDetails(scope: Locator): Promise<void> {
  const details = scope.locator('details').first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await details.locator('summary').click();
}

/**
 * A pane subscribed before the bad input, on the dashboard's shared connection (the most fragile
 * place: anything the broker refuses there takes every shared pane down). After the case, a
 * Node publisher feeds it and its count must go up.
 */
export class Bystander {
  private constructor(
    readonly topic: string,
    readonly id: string,
    readonly pane: PaneLocators,
  ) {}

  static async start(dashboard: DashboardPage): Promise<Bystander> {
    const topic = uniqueName('bystander');
    const id = uniqueName('bystander');
    const pane = await subscribed(dashboard, {
      destination: `/topic/${topic}`,
      id,
      connection: 'shared',
    });
    return new Bystander(topic, id, pane);
  }

  /** Waits until it is subscribed (again), publishes one message to it and sees the count go up by one. */
  async expectStillReceiving(): Promise<void> {
    await this.pane.expectSubscribed();
    const before = await this.pane.countValue();
    await publish(`/topic/${this.topic}`, [`bystander after the bad input`]);
    await this.pane.expectCount(before + 1);
    await expect(this.pane.status).toContainText('subscribed');
  }
}

/** Expands the newest row of a pane and returns its row (the detail view renders inside it). */
export async function expandNewest(pane: PaneLocators): Promise<Locator> {
  const row = pane.messages.getByRole('listitem').first();
  const toggle = row.getByRole('button').first();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const detail = pane.detail;
  await expect(detail.getByRole('table', { name: 'Headers' })).toBeVisible();
  return detail;
}

/** The exact text of one header value in an expanded row's detail table. */
export async function headerValue(row: Locator, name: string): Promise<string | null> {
  const header = row.page().getByRole('rowheader', { name: `${name}:`, exact: true });
  return row.getByRole('row').filter({ has: header }).getByRole('cell').first().textContent();
}

/** The exact text of an expanded row's body `<pre>` (no whitespace normalisation). */
export async function bodyText(row: Locator): Promise<string> {
  return (await row.locator('pre').first().textContent()) ?? '';
}

/** A file for `setInputFiles` on the hidden "Workspace file" input. */
export function workspaceFile(name: string, text: string) {
  return { name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') };
}

/** The workspace the page stored (its current panes and form, never a passcode). */
export async function storedWorkspace(
  page: Page,
): Promise<{ version: 1; connection: unknown; panes: Record<string, unknown>[] }> {
  const stored = await page.evaluate(() => window.localStorage.getItem('stompwatch.workspace.v1'));
  if (!stored) throw new Error('the dashboard stored no workspace');
  return JSON.parse(stored) as {
    version: 1;
    connection: unknown;
    panes: Record<string, unknown>[];
  };
}

/** Publishes several messages on one Node connection and waits for the broker's receipt on the last. */
export async function publishEach(
  messages: { destination: string; body: string; headers?: StompHeaders }[],
): Promise<void> {
  const client = await nodeClient();
  try {
    const receipt = `done-${Math.random().toString(36).slice(2)}`;
    const confirmed = new Promise<void>((resolve) =>
      client.watchForReceipt(receipt, () => resolve()),
    );
    messages.forEach((message, index) => {
      const last = index === messages.length - 1;
      client.publish({
        destination: message.destination,
        body: message.body,
        headers: { ...message.headers, ...(last ? { receipt } : {}) },
      });
    });
    await confirmed;
  } finally {
    await client.deactivate();
  }
}

/** Writes `/` in a name as RabbitMQ's `%2F`, so any text can sit in one destination segment. */
export function escapeSegment(name: string): string {
  return name.replaceAll('/', '%2F');
}
