import { test, expect } from './fixtures';
import { credentials, managementUrl, publish, uniqueName } from './support/stomp-node';

/** Deletes a queue through the management API (the stream is durable: it would outlive the test). */
async function deleteQueue(name: string): Promise<void> {
  const vhost = encodeURIComponent(credentials.vhost);
  await fetch(`${managementUrl}/api/queues/${vhost}/${encodeURIComponent(name)}`, {
    method: 'DELETE',
    headers: {
      authorization: `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`,
    },
  });
}

test('a stream bound to amq.topic keeps what was sent; panes read it from first, an offset and a time', async ({
  dashboard,
  page,
}) => {
  const topic = uniqueName('strm');
  const stream = `stream-${topic}`;
  await dashboard.connect();
  const form = dashboard.subscribeForm;
  await dashboard.openOptions(form);
  const offset = form.getByRole('textbox', { name: 'Stream offset' });
  try {
    await test.step('one action binds a durable stream to the pattern', async () => {
      await form
        .getByRole('textbox', { name: 'Destination', exact: true })
        .fill(`/exchange/amq.topic/${topic}.orders.#`);
      await form.getByRole('textbox', { name: 'Subscription id' }).fill('keeper');
      await form.getByRole('textbox', { name: 'Stream name' }).fill(stream);
      await form.getByRole('button', { name: 'Bind stream to this pattern' }).click();
      await dashboard.pane('keeper').expectSubscribed();
    });
    await publish(`/topic/${topic}.orders.eu`, (i) => `early ${i + 1}`, { count: 50 });
    await dashboard.pane('keeper').expectCount(50);

    await test.step('from first: all 50, each row with its stream offset', async () => {
      await offset.fill('first');
      const pane = await dashboard.subscribe(`/amq/queue/${stream}`, 'from-first');
      await pane.expectCount(50);
      await expect(pane.row(50)).toContainText('@49');
      await pane.root
        .getByRole('textbox', { name: 'Filter' })
        .fill('headers["x-stream-offset"] == 0');
      await expect(pane.row(1)).toContainText('@0');
      await expect(pane.row(1)).toContainText('early 1');
      // Acked as it goes: nothing waits for the user.
      await expect(pane.root.getByRole('button', { name: 'Ack all' })).toHaveCount(0);
    });

    await test.step('a bare number is refused inline, and nothing is subscribed', async () => {
      await offset.fill('40');
      await expect(form.getByRole('alert')).toContainText('write offset=40');
      await form.getByRole('textbox', { name: 'Subscription id' }).fill('bare');
      await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
      await expect(dashboard.pane('bare').root).toHaveCount(0);
    });

    await test.step('from offset=40: the last 10', async () => {
      await offset.fill('offset=40');
      const pane = await dashboard.subscribe(`/amq/queue/${stream}`, 'from-40');
      await pane.expectCount(10);
      await expect(pane.row(1)).toContainText('@40');
      await expect(pane.row(1)).toContainText('early 41');
    });

    await test.step('from a time: only what arrived after it', async () => {
      // Timestamps are whole seconds: let the clock pass a second boundary after the first 50.
      const boundary = Math.ceil((Date.now() + 1) / 1000) * 1000;
      await expect.poll(() => Date.now(), { timeout: 3000 }).toBeGreaterThan(boundary);
      await publish(`/topic/${topic}.orders.us`, (i) => `late ${i + 1}`, { count: 5 });
      const local = await page.evaluate((ms) => {
        const d = new Date(ms);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      }, boundary);
      await form.getByLabel('Stream start time').fill(local);
      await expect(offset).toHaveValue(`timestamp=${boundary / 1000}`);
      const pane = await dashboard.subscribe(`/amq/queue/${stream}`, 'from-time');
      await pane.expectCount(5);
      await expect(pane.row(1)).toContainText('late 1');
      await expect(pane.row(1)).toContainText('@50');
    });
  } finally {
    await deleteQueue(stream);
  }
});
