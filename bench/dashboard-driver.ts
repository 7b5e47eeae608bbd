/**
 * Drives the real dashboard the way a person does, by the accessible names of
 * ../shared/ui-contract.md (the same names the e2e page object uses).
 */
import type { ElementHandle, Locator, Page } from '@playwright/test';
import { sleep } from './stats';

async function waitForText(locator: Locator, pattern: RegExp, timeoutMs: number, what: string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent({ timeout: timeoutMs }).catch(() => null)) ?? '';
    if (pattern.test(text)) return text;
    await sleep(50);
  }
  throw new Error(`${what}: waited ${timeoutMs / 1000} s for ${pattern}, last text "${text.trim()}"`);
}

export class DashboardDriver {
  constructor(readonly page: Page) {}

  get connectionStatus(): Locator {
    return this.page.getByRole('status', { name: 'Connection status' });
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    const connect = this.page.getByRole('button', { name: 'Connect', exact: true });
    await connect.waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Clicks Connect (the form is prefilled with the bench broker) and waits for `connected`. */
  async connect(): Promise<void> {
    await this.page.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitForText(this.connectionStatus, /(^|\W)connected\b/, 20_000, 'Connection status');
  }

  /** Subscribes a pane through the Subscribe form and waits until its status says subscribed. */
  async subscribe(destination: string, id: string): Promise<Locator> {
    const form = this.page.getByRole('form', { name: 'Subscribe' });
    await form.getByRole('textbox', { name: 'Destination' }).fill(destination);
    await form.getByRole('textbox', { name: 'Subscription id' }).fill(id);
    await form.getByRole('combobox', { name: 'Ack mode' }).selectOption('auto');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    const pane = this.pane(id);
    await waitForText(pane.getByRole('status', { name: 'Subscription status' }), /\bsubscribed\b/, 20_000, `pane ${id}`);
    return pane;
  }

  pane(id: string): Locator {
    return this.page.getByRole('region', { name: `Subscription ${id}`, exact: true });
  }

  /** The pane's section element: the watcher finds its `Message count` inside it. */
  async paneHandle(id: string): Promise<ElementHandle> {
    const handle = await this.pane(id).elementHandle({ timeout: 10_000 });
    if (!handle) throw new Error(`pane ${id} not found`);
    await this.pane(id).getByLabel('Message count', { exact: true }).waitFor({ timeout: 10_000 });
    return handle;
  }

  get sendForm(): Locator {
    return this.page.getByRole('form', { name: 'Send' });
  }

  async hasSendForm(): Promise<boolean> {
    return (await this.sendForm.count()) > 0;
  }

  /**
   * Fills the Send form (everything but the click). Returns the `Send status` element, or,
   * when the form renders it only once a send starts, the page body and a selector to find it.
   */
  async fillSend(
    destination: string,
    body: string,
    repeat: number,
  ): Promise<{ send: Locator; status: { root: ElementHandle; selector: string | null } }> {
    const form = this.sendForm;
    // A Destination with suggestions (<input list>) is a combobox to assistive technology.
    const destinationBox = form
      .getByRole('textbox', { name: 'Destination', exact: true })
      .or(form.getByRole('combobox', { name: 'Destination', exact: true }));
    await destinationBox.fill(destination);
    await form.getByRole('textbox', { name: 'Message body' }).fill(body);
    await form.getByRole('spinbutton', { name: 'Repeat' }).fill(String(repeat));
    const statusLocator = this.page.getByRole('status', { name: 'Send status' });
    const status =
      (await statusLocator.count()) > 0
        ? { root: (await statusLocator.first().elementHandle())!, selector: null }
        : { root: (await this.page.locator('body').elementHandle())!, selector: '[role="status"][aria-label="Send status"]' };
    return { send: form.getByRole('button', { name: 'Send', exact: true }), status };
  }
}
