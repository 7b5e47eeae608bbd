import { expect, type Locator, type Page } from '@playwright/test';

/** The dashboard as a user sees it, by the accessible names of ui-contract.md. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  /**
   * Opens the dashboard with nothing remembered. A fresh test context has empty storage, so the
   * page is loaded once; only a page that has stored something is cleared and loaded again.
   */
  async open(): Promise<void> {
    await this.page.goto('/');
    const hadStorage = await this.page.evaluate(() => {
      const stored = window.localStorage.length + window.sessionStorage.length > 0;
      window.localStorage.clear();
      window.sessionStorage.clear();
      return stored;
    });
    if (hadStorage) await this.page.reload();
    await expect(this.page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
  }

  get connectionStatus(): Locator {
    return this.page.getByRole('status', { name: 'Connection status' });
  }

  async connect(): Promise<void> {
    await this.page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(this.connectionStatus).toContainText('connected');
    await expect(this.connectionStatus).not.toContainText('disconnected');
  }

  /** Unfolds the connection form (it folds away while connected). */
  async openConnectionForm(): Promise<void> {
    const toggle = this.page.getByRole('button', { name: 'Connection', exact: true });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await expect(this.page.getByRole('form', { name: 'Connection' })).toBeVisible();
  }

  get subscribeForm(): Locator {
    return this.page.getByRole('form', { name: 'Subscribe' });
  }

  async subscribe(
    destination: string,
    id: string,
    ackMode: 'auto' | 'client' | 'client-individual' = 'auto',
  ) {
    const form = this.subscribeForm;
    await this.destination(form).fill(destination);
    await form.getByRole('textbox', { name: 'Subscription id' }).fill(id);
    await form.getByRole('combobox', { name: 'Ack mode' }).selectOption(ackMode);
    await form.getByRole('button', { name: 'Subscribe' }).click();
    return this.pane(id);
  }

  /**
   * Subscribes with the form's Durable queue option (under "Builder and options"): a named
   * durable queue of the pane's own, acked on receipt (see lib/panes/durable-queue.ts). Unticks
   * the option again afterwards.
   */
  async subscribeDurable(destination: string, id: string, queueName: string) {
    await this.openOptions(this.subscribeForm);
    const durable = this.subscribeForm.getByRole('checkbox', {
      name: 'Durable queue',
      exact: true,
    });
    await durable.check();
    await this.subscribeForm.getByRole('textbox', { name: 'Durable queue name' }).fill(queueName);
    const pane = await this.subscribe(destination, id, 'auto');
    await durable.uncheck();
    return pane;
  }

  get sendForm(): Locator {
    return this.page.getByRole('form', { name: 'Send' });
  }

  get sendStatus(): Locator {
    return this.sendForm.getByRole('status', { name: 'Send status' });
  }

  /** Fills the Send form. Headers and quick fields are optional; the options panel opens when needed. */
  async fillSend(options: {
    destination: string;
    body: string;
    repeat?: number;
    headers?: string;
    encoding?: 'text' | 'json' | 'base64' | 'hex';
    contentType?: string;
    persistent?: boolean;
    receipt?: boolean;
    rate?: number;
  }): Promise<void> {
    const form = this.sendForm;
    await form.getByRole('textbox', { name: 'Destination', exact: true }).fill(options.destination);
    await form.getByRole('textbox', { name: 'Message body', exact: true }).fill(options.body);
    await form.getByRole('spinbutton', { name: 'Repeat' }).fill(String(options.repeat ?? 1));
    await form.getByRole('textbox', { name: 'Headers', exact: true }).fill(options.headers ?? '');
    await form
      .getByRole('combobox', { name: 'Encoding', exact: true })
      .selectOption(options.encoding ?? 'text');
    await form
      .getByRole('textbox', { name: 'Rate limit (msg/s)' })
      .fill(options.rate ? String(options.rate) : '');
    await this.openOptions(form);
    await form
      .getByRole('textbox', { name: 'content-type', exact: true })
      .fill(options.contentType ?? '');
    await form
      .getByRole('checkbox', { name: 'persistent', exact: true })
      .setChecked(options.persistent ?? false);
    await form
      .getByRole('checkbox', { name: /Ask for a receipt/ })
      .setChecked(options.receipt ?? false);
  }

  /** Opens a form's collapsed part (builder, queue options, common headers and receipts). */
  async openOptions(form: Locator): Promise<void> {
    const details = form.locator('details');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
      await details.locator('summary').click();
  }

  async send(options: Parameters<DashboardPage['fillSend']>[0]): Promise<void> {
    await this.fillSend(options);
    await this.sendForm.getByRole('button', { name: 'Send', exact: true }).click();
  }

  /** Opens a tab of the Routing panel and returns its panel. */
  async routing(tab: 'Delivery' | 'Topology' | 'Graph'): Promise<Locator> {
    const routing = this.page.getByRole('region', { name: 'Routing', exact: true });
    const button = routing.getByRole('tab', { name: tab, exact: true });
    if ((await button.getAttribute('aria-selected')) !== 'true') await button.click();
    await expect(button).toHaveAttribute('aria-selected', 'true');
    return routing.getByRole('tabpanel');
  }

  /** The Delivery matrix, wherever the Routing panel shows it (absent while folded). */
  get delivery(): Locator {
    return this.page.getByRole('region', { name: 'Delivery', exact: true });
  }

  /** Every pane on the page. */
  get panes(): Locator {
    return this.page.getByRole('region', { name: /^Subscription / });
  }

  /** The Destination box of the Subscribe or the Send form. */
  destination(form: Locator): Locator {
    return form.getByRole('textbox', { name: 'Destination', exact: true });
  }

  /** The pane whose subscription id starts with `prefix` (ids made unique with a suffix). */
  paneStartingWith(prefix: string): PaneLocators {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new PaneLocators(
      this.page.getByRole('region', { name: new RegExp(`^Subscription ${escaped}`) }),
    );
  }

  pane(id: string): PaneLocators {
    return new PaneLocators(
      this.page.getByRole('region', { name: `Subscription ${id}`, exact: true }),
    );
  }
}

export class PaneLocators {
  constructor(readonly root: Locator) {}

  get status(): Locator {
    return this.root.getByRole('status', { name: 'Subscription status' });
  }

  get count(): Locator {
    return this.root.getByLabel('Message count', { exact: true });
  }

  get messages(): Locator {
    return this.root.getByRole('list', { name: 'Messages' });
  }

  /** The open message's detail, beside the list. */
  get detail(): Locator {
    return this.root.getByRole('region', { name: 'Message detail' });
  }

  /** In the header, `prefetch N · M unacked` in manual ack modes. */
  get unacked(): Locator {
    return this.root.getByLabel('Unacked', { exact: true });
  }

  /** `· N redelivered` beside the count, once anything arrived flagged redelivered. */
  get redeliveries(): Locator {
    return this.root.getByLabel('Redeliveries', { exact: true });
  }

  /** The row whose arrival number is `seq` (rows start with `#seq`), if rendered. */
  row(seq: number): Locator {
    return this.messages
      .getByRole('listitem')
      .filter({ has: this.root.page().getByText(`#${seq}`, { exact: true }) });
  }

  async expectSubscribed(): Promise<void> {
    await expect(this.status).toContainText('subscribed');
  }

  async countValue(): Promise<number> {
    const text = (await this.count.textContent()) ?? '';
    return Number(text.replace(/[^0-9]/g, ''));
  }

  async expectCount(n: number): Promise<void> {
    await expect.poll(() => this.countValue(), { timeout: 20_000 }).toBe(n);
  }
}
