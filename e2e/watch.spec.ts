import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import type { DashboardPage } from './support/dashboard-page';
import { collect, credentials, managementUrl, publish, uniqueName } from './support/stomp-node';
import { saveScreenshot } from './support/workspace';
import { durableSubscriptionQueueNames } from '../lib/watch/subscription-queue';

/**
 * Watching without consuming, against the real broker. The firehose copies every message of a
 * vhost, so these tests turn it on only in vhosts of their own (made here, deleted after): the
 * shared test vhost stays untraced, and the dashboard itself never turns tracing on.
 */

const auth = `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`;

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${managementUrl}/api/${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return response;
}

async function makeVhost(tracing: boolean): Promise<string> {
  const vhost = uniqueName('sw-watch');
  await api('PUT', `vhosts/${vhost}`, {});
  await api('PUT', `permissions/${vhost}/${credentials.login}`, {
    configure: '.*',
    write: '.*',
    read: '.*',
  });
  if (tracing) await api('PUT', `vhosts/${vhost}`, { tracing: true });
  return vhost;
}

/** A Node program consuming `/queue/<queue>` in `vhost`, auto-ack, like a real worker. */
const consumer = (vhost: string, queue: string) => collect(`/queue/${queue}`, {}, vhost);
type Consumer = Awaited<ReturnType<typeof consumer>>;

const publishIn = (vhost: string, destination: string, bodies: string[]) =>
  publish(destination, bodies, { vhost });

interface ListedConsumer {
  queue: { name: string };
  channel_details: { connection_name?: string };
}

/** The queue's consumers as the broker lists them: `127.0.0.1:PORT` of each one's connection. */
async function consumersOf(vhost: string, queue: string): Promise<string[]> {
  const response = await api('GET', `consumers/${vhost}`);
  const list = (await response.json()) as ListedConsumer[];
  return list
    .filter((entry) => entry.queue.name === queue)
    .map((entry) => (entry.channel_details.connection_name ?? '').split(' -> ')[0]!);
}

/**
 * Imports a workspace file naming the form's broker URL and login (read before connecting: the
 * form folds away once connected) and `vhost`, with `panes`.
 */
async function importWorkspace(
  page: Page,
  target: { brokerUrl: string; login: string; vhost: string },
  panes: object[],
): Promise<void> {
  const file = JSON.stringify({ version: 1, connection: target, panes });
  await page.getByLabel('Workspace file').setInputFiles({
    name: 'shared.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file, 'utf8'),
  });
}

/** The broker URL and login the connection form holds now. */
async function formTarget(page: Page): Promise<{ brokerUrl: string; login: string }> {
  return {
    brokerUrl: await page.getByRole('textbox', { name: /^Broker URL/ }).inputValue(),
    login: await page.getByRole('textbox', { name: /^Login/ }).inputValue(),
  };
}

async function connectTo(dashboard: DashboardPage, page: Page, vhost: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Virtual host' }).fill(vhost);
  await dashboard.connect();
}

const widths = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
];

/** Screenshots at the given widths, then back to the test's own viewport. */
async function screenshots(page: Page, name: string, sizes = widths): Promise<void> {
  const before = page.viewportSize();
  for (const size of sizes) {
    await page.setViewportSize(size);
    await saveScreenshot(page, name);
  }
  if (before) await page.setViewportSize(before);
}

test.describe('watching a queue without consuming it', () => {
  let traced = '';
  let untraced = '';
  test.beforeAll(async () => {
    traced = await makeVhost(true);
    untraced = await makeVhost(false);
  });
  test.afterAll(async () => {
    for (const vhost of [traced, untraced]) if (vhost) await api('DELETE', `vhosts/${vhost}`);
  });

  test('a queue with an outside consumer: warned first, nothing subscribed until the choice; the watch pane sees all 20 and who got them, then the round-robin split', async ({
    dashboard,
    page,
  }) => {
    const queue = uniqueName('w');
    const first = await consumer(traced, queue);
    const consumers: Consumer[] = [first];
    try {
      await expect.poll(() => consumersOf(traced, queue), { timeout: 20_000 }).toHaveLength(1);
      await connectTo(dashboard, page, traced);

      // A normal SUBSCRIBE to the queue: the form warns, and the broker still has one consumer.
      const form = dashboard.subscribeForm;
      await form.getByRole('textbox', { name: 'Destination', exact: true }).fill(`/queue/${queue}`);
      await form.getByRole('textbox', { name: 'Subscription id' }).fill('watcher');
      await form.getByRole('button', { name: 'Subscribe' }).click();
      const warning = form.getByRole('alertdialog');
      await expect(warning).toContainText(`${queue} has 1 other consumer`);
      await expect(warning).toContainText('with ack: auto they would not get them back');
      await expect(page.getByRole('region', { name: 'Subscription watcher' })).toHaveCount(0);
      // Desktop and laptop now; the phone's Controls drawer is a new form (see the end).
      await screenshots(page, 'watch-warning', widths.slice(0, 2));
      expect(await consumersOf(traced, queue)).toHaveLength(1);

      await warning.getByRole('button', { name: 'Watch without consuming' }).click();
      const pane = dashboard.pane('watcher');
      await pane.expectSubscribed();
      await expect(pane.root).toContainText('watching (takes nothing)');
      await expect(pane.root.getByRole('status', { name: 'Firehose' })).toContainText(
        'Firehose on',
      );
      await expect(pane.root).toContainText('not the original routing key or headers');
      // The watch pane took no consumer place on the queue.
      expect(await consumersOf(traced, queue)).toHaveLength(1);

      const bodies = Array.from({ length: 20 }, (_, i) => `job ${i + 1}`);
      await publishIn(traced, `/amq/queue/${queue}`, bodies);
      await expect.poll(() => first.messages.length).toBe(20);
      await pane.expectCount(20);
      const [firstConnection] = await consumersOf(traced, queue);
      const tally = pane.root.getByLabel('Deliveries per consumer');
      await expect(tally).toHaveText(`${firstConnection} ch 1: 20`);
      await expect(pane.row(20)).toContainText(`→ ${firstConnection} ch 1`);
      await screenshots(page, 'watch-pane');

      // A second worker: the tally shows how the broker splits the next 20 between them.
      const second = await consumer(traced, queue);
      consumers.push(second);
      await expect.poll(() => consumersOf(traced, queue), { timeout: 20_000 }).toHaveLength(2);
      const secondConnection = (await consumersOf(traced, queue)).find(
        (name) => name !== firstConnection,
      );
      await publishIn(traced, `/amq/queue/${queue}`, bodies);
      await expect.poll(() => first.messages.length + second.messages.length).toBe(40);
      await pane.expectCount(40);
      const firstShare = first.messages.length;
      const secondShare = second.messages.length;
      expect(secondShare).toBeGreaterThan(0);
      await expect(tally).toContainText(`${firstConnection} ch 1: ${firstShare}`);
      await expect(tally).toContainText(`${secondConnection} ch 1: ${secondShare}`);

      // On a phone the Subscribe form sits in the Controls drawer: the same warning there.
      await page.setViewportSize(widths[2]!);
      await page.getByRole('button', { name: 'Show controls' }).click();
      await form.getByRole('textbox', { name: 'Destination', exact: true }).fill(`/queue/${queue}`);
      await form.getByRole('button', { name: 'Subscribe' }).click();
      await expect(form.getByRole('alertdialog')).toContainText(`${queue} has 2 other consumers`);
      await saveScreenshot(page, 'watch-warning');
      await form.getByRole('button', { name: 'Cancel' }).click();
      await expect(form.getByRole('alertdialog')).toHaveCount(0);
      expect(await consumersOf(traced, queue)).toHaveLength(2);
    } finally {
      for (const { close } of consumers) await close();
    }
  });

  test('Subscribe with requeue: the pane shows each message and puts it back, so the outside consumer still gets all of them', async ({
    dashboard,
    page,
  }) => {
    const queue = uniqueName('rq');
    const worker = await consumer(untraced, queue);
    try {
      await expect.poll(() => consumersOf(untraced, queue), { timeout: 20_000 }).toHaveLength(1);
      await connectTo(dashboard, page, untraced);
      const form = dashboard.subscribeForm;
      await form.getByRole('textbox', { name: 'Destination', exact: true }).fill(`/queue/${queue}`);
      await form.getByRole('textbox', { name: 'Subscription id' }).fill('borrower');
      await form.getByRole('button', { name: 'Subscribe' }).click();
      await form
        .getByRole('alertdialog')
        .getByRole('button', { name: 'Subscribe with requeue' })
        .click();
      const pane = dashboard.pane('borrower');
      await pane.expectSubscribed();
      await expect(pane.root).toContainText('consuming (takes messages), puts each back');
      await expect.poll(() => consumersOf(untraced, queue), { timeout: 20_000 }).toHaveLength(2);
      const bodies = Array.from({ length: 10 }, (_, i) => `task ${i + 1}`);
      await publishIn(untraced, `/amq/queue/${queue}`, bodies);
      // Whatever the pane got went back to the queue: the worker ends up with every message.
      await expect
        .poll(() => new Set(worker.messages.map((m) => m.body)).size, { timeout: 20_000 })
        .toBe(10);
      await expect.poll(() => pane.countValue()).toBeGreaterThan(0);
      await expect(pane.messages.getByText('requeued').first()).toBeVisible();
      expect(worker.messages.some((m) => m.headers.redelivered === 'true')).toBe(true);
      // The pane takes turns with the worker, not only with other panes: the badge says so
      // once the topology poll has counted both consumers.
      await expect(pane.root.getByLabel('Queue sharing')).toContainText(
        /round-robin.*1 consumer outside this dashboard/,
        { timeout: 20_000 },
      );
    } finally {
      await worker.close();
    }
  });

  test('importing a workspace whose pane would consume from a watched-over queue asks first', async ({
    dashboard,
    page,
  }) => {
    const queue = uniqueName('imp');
    const worker = await consumer(traced, queue);
    try {
      await expect.poll(() => consumersOf(traced, queue), { timeout: 20_000 }).toHaveLength(1);
      await page.getByRole('textbox', { name: 'Virtual host' }).fill(traced);
      const target = { ...(await formTarget(page)), vhost: traced };
      await dashboard.connect();
      await importWorkspace(page, target, [
        { key: 'pane-1', subscriptionId: 'imported', destination: `/queue/${queue}` },
      ]);
      const warning = page.getByRole('alertdialog', { name: 'Imported panes would take messages' });
      await expect(warning).toContainText(`imported: ${queue} has 1 other consumer`);
      await expect(page.getByRole('region', { name: 'Subscription imported' })).toHaveCount(0);
      expect(await consumersOf(traced, queue)).toHaveLength(1);
      await warning.getByRole('button', { name: 'Import, watching instead' }).click();
      const pane = dashboard.pane('imported');
      await pane.expectSubscribed();
      await expect(pane.root).toContainText('watching (takes nothing)');
      expect(await consumersOf(traced, queue)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });

  test('panes restored on reload are checked again at Connect: one dialog, no SUBSCRIBE for them until the choice, the others connected meanwhile', async ({
    dashboard,
    page,
  }) => {
    // The shared test vhost (the form's own): a reload restores the panes without holding them.
    const vhost = encodeURIComponent(credentials.vhost);
    const queue = uniqueName('reload');
    await dashboard.connect();
    await (await dashboard.subscribe(`/queue/${queue}`, 'kept')).expectSubscribed();
    await (await dashboard.subscribe(`/topic/${uniqueName('fan')}`, 'fan')).expectSubscribed();
    await expect(dashboard.pane('kept').root).toContainText('consuming (takes messages)');
    // A worker starts on the queue; then the page is reloaded.
    const worker = await collect(`/queue/${queue}`);
    try {
      await page.reload();
      await expect.poll(() => consumersOf(vhost, queue), { timeout: 20_000 }).toHaveLength(1);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Panes would take messages' });
      await expect(dialog).toContainText(`kept: ${queue} has 1 other consumer`);
      await expect(dialog).toContainText(
        'The choice holds for this connection: the next Connect asks again',
      );
      await dashboard.pane('fan').expectSubscribed();
      await expect(dashboard.pane('kept').status).toContainText('connect to subscribe');
      expect(await consumersOf(vhost, queue)).toHaveLength(1);
      await screenshots(page, 'watch-connect-check', [widths[0]!, widths[2]!]);

      await dialog.getByRole('button', { name: 'Watch without consuming' }).click();
      await expect(dialog).toHaveCount(0);
      const pane = dashboard.pane('kept');
      await pane.expectSubscribed();
      await expect(pane.root).toContainText('watching (takes nothing)');
      expect(await consumersOf(vhost, queue)).toHaveLength(1);

      // The Send preview counts the watch pane: a send to the queue shows there as a copy.
      await dashboard.destination(dashboard.sendForm).fill(`/queue/${queue}`);
      await expect(page.getByRole('region', { name: 'Delivery preview' })).toContainText(
        `kept would see a copy of each message as a consumer of ${queue} gets it, but the firehose is off in this vhost`,
      );
    } finally {
      await worker.close();
    }
  });

  test('a workspace file naming another vhost: its panes are checked when Connect goes there, in one dialog, a durable topic subscription on the queue it shares by id', async ({
    dashboard,
    page,
  }) => {
    const queue = uniqueName('far');
    const key = uniqueName('dur');
    const id = uniqueName('durable');
    const [durableQueue] = durableSubscriptionQueueNames(key, id);
    const worker = await consumer(traced, queue);
    const durableHeaders = { id, durable: 'true', 'auto-delete': 'false' };
    const sharer = await collect(`/topic/${key}`, durableHeaders, traced);
    try {
      await expect.poll(() => consumersOf(traced, queue), { timeout: 20_000 }).toHaveLength(1);
      await expect
        .poll(() => consumersOf(traced, durableQueue!), { timeout: 20_000 })
        .toHaveLength(1);
      const target = { ...(await formTarget(page)), vhost: traced };
      await dashboard.connect();
      await importWorkspace(page, target, [
        { key: 'pane-1', subscriptionId: 'far', destination: `/queue/${queue}` },
        {
          key: 'pane-2',
          subscriptionId: id,
          destination: `/topic/${key}`,
          queue: { durable: true, autoDelete: false },
        },
      ]);
      // Not checked against the broker connected now: the panes wait for Connect to go there.
      await expect(
        page.getByRole('alert').filter({ hasText: 'This workspace points at' }),
      ).toBeVisible();
      await page.getByRole('button', { name: 'Disconnect' }).click();
      await page.getByLabel('Passcode', { exact: true }).fill(credentials.passcode);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Panes would take messages' });
      await expect(dialog).toContainText(`far: ${queue} has 1 other consumer`);
      await expect(dialog).toContainText(
        `${id}: ${durableQueue} (the queue of every durable subscription "${id}" to ${key}) has 1 other consumer`,
      );
      expect(await consumersOf(traced, queue)).toHaveLength(1);
      expect(await consumersOf(traced, durableQueue!)).toHaveLength(1);

      await dialog.getByRole('button', { name: 'Subscribe with requeue' }).click();
      for (const name of ['far', id]) {
        const pane = dashboard.pane(name);
        await pane.expectSubscribed();
        await expect(pane.root).toContainText('consuming (takes messages), puts each back');
      }
      await expect.poll(() => consumersOf(traced, queue)).toHaveLength(2);
      await screenshots(page, 'watch-consuming', [widths[0]!, widths[2]!]);

      // The Subscribe form checks a durable subscription on that shared queue too: the pane of
      // ours with this id is one consumer, the other program's is another.
      const form = dashboard.subscribeForm;
      await dashboard.destination(form).fill(`/topic/${key}`);
      await form.getByRole('textbox', { name: 'Subscription id' }).fill(id);
      await dashboard.openOptions(form);
      await form.getByRole('combobox', { name: 'durable', exact: true }).selectOption('true');
      await form.getByRole('combobox', { name: 'auto-delete', exact: true }).selectOption('false');
      await form.getByRole('button', { name: 'Subscribe' }).click();
      const warning = form.getByRole('alertdialog');
      await expect(warning).toContainText(
        `${durableQueue} (the queue of every durable subscription`,
      );
      await expect(warning).toContainText(
        'has 1 other consumer; this pane would take about a third',
      );
      await form.getByRole('button', { name: 'Cancel' }).click();
      expect(await consumersOf(traced, durableQueue!)).toHaveLength(2);
    } finally {
      await worker.close();
      await sharer.close();
    }
  });

  test('with the firehose off, a watch pane says so, what it costs, and how to turn it on', async ({
    dashboard,
    page,
  }) => {
    await connectTo(dashboard, page, untraced);
    const pane = await dashboard.subscribe('/exchange/amq.rabbitmq.trace/deliver.jobs', 'off');
    const firehose = pane.root.getByRole('status', { name: 'Firehose' });
    await expect(firehose).toContainText(`The firehose is off in vhost "${untraced}"`);
    await expect(firehose).toContainText('a copy of every message');
    await expect(firehose).toContainText(`rabbitmqctl trace_on -p ${untraced}`);
    await expect(firehose).toContainText(`PUT /api/vhosts/${untraced} {"tracing":true}`);
    // Read, never changed.
    const vhost = (await (await api('GET', `vhosts/${untraced}`)).json()) as { tracing: boolean };
    expect(vhost.tracing).toBe(false);
  });

  test('watch exchange flags a message no binding takes as dropped', async ({
    dashboard,
    page,
  }) => {
    const exchange = uniqueName('orders');
    const queue = uniqueName('eu');
    await api('PUT', `exchanges/${traced}/${exchange}`, { type: 'direct', auto_delete: false });
    await api('PUT', `queues/${traced}/${queue}`, { auto_delete: false, durable: false });
    await api('POST', `bindings/${traced}/e/${exchange}/q/${queue}`, { routing_key: 'eu' });
    await connectTo(dashboard, page, traced);
    const pane = await dashboard.subscribe(
      `/exchange/amq.rabbitmq.trace/publish.${exchange}`,
      'all-published',
    );
    await pane.expectSubscribed();
    await expect(pane.root).toContainText('watching (takes nothing)');
    await dashboard.send({ destination: `/exchange/${exchange}/us`, body: 'lost order' });
    await dashboard.send({ destination: `/exchange/${exchange}/eu`, body: 'kept order' });
    await pane.expectCount(2);
    const lost = pane.messages.getByRole('listitem').filter({ hasText: 'lost order' });
    const kept = pane.messages.getByRole('listitem').filter({ hasText: 'kept order' });
    await expect(lost).toContainText('dropped', { timeout: 20_000 });
    await expect(lost).toContainText(`no binding of ${exchange} matches "us"`);
    await expect(kept).not.toContainText('dropped');
    // The Delivery matrix counts what the watch pane saw of each send, marked, not judged.
    const delivery = await dashboard.routing('Delivery');
    await expect(delivery.getByRole('cell').filter({ hasText: '1 via firehose' })).toHaveCount(2);
    await expect(delivery.getByRole('alert')).toHaveCount(0);
    await api('DELETE', `queues/${traced}/${queue}`);
    await api('DELETE', `exchanges/${traced}/${exchange}`);
  });
});
