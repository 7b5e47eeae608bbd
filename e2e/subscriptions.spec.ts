import { test, expect } from './fixtures';
import { management, publish, uniqueName } from './support/stomp-node';

test.describe('live subscriptions', () => {
  test('two panes on one /queue split the messages between them (competing consumers)', async ({
    dashboard,
  }) => {
    const queue = uniqueName('jobs');
    await dashboard.connect();
    const a = await dashboard.subscribe(`/queue/${queue}`, 'worker-a');
    const b = await dashboard.subscribe(`/queue/${queue}`, 'worker-b');
    await a.expectSubscribed();
    await b.expectSubscribed();
    await publish(`/queue/${queue}`, (i) => `job ${i}`, { count: 20 });
    await expect.poll(async () => (await a.countValue()) + (await b.countValue())).toBe(20);
    expect(await a.countValue()).toBeGreaterThan(0);
    expect(await b.countValue()).toBeGreaterThan(0);
    expect(await a.countValue()).toBeLessThan(20);
  });

  test('panes on one topic pattern with different ids each get every message; a non-matching pane gets none', async ({
    dashboard,
  }) => {
    const prefix = uniqueName('fan');
    await dashboard.connect();
    const a = await dashboard.subscribe(`/exchange/amq.topic/${prefix}.#`, 'fan-a');
    const b = await dashboard.subscribe(`/exchange/amq.topic/${prefix}.#`, 'fan-b');
    const other = await dashboard.subscribe(`/exchange/amq.topic/${prefix}-other.#`, 'fan-other');
    for (const pane of [a, b, other]) await pane.expectSubscribed();
    await publish(`/exchange/amq.topic/${prefix}.eu.paid`, (i) => `order ${i}`, { count: 15 });
    await a.expectCount(15);
    await b.expectCount(15);
    expect(await other.countValue()).toBe(0);
    await expect(a.messages.getByRole('listitem').first()).toContainText(`${prefix}.eu.paid`);
  });

  test('a SUBSCRIBE to a missing /amq/queue errors in its own pane while another keeps receiving', async ({
    dashboard,
  }) => {
    const topic = uniqueName('alive');
    await dashboard.connect();
    const good = await dashboard.subscribe(`/topic/${topic}`, 'good');
    await good.expectSubscribed();
    const bad = await dashboard.subscribe(`/amq/queue/${uniqueName('missing')}`, 'bad');
    await expect(bad.status).toContainText('error');
    await expect(bad.status).toContainText('that queue does not exist');
    await publish(`/topic/${topic}`, ['one', 'two', 'three']);
    await good.expectCount(3);
    await expect(good.status).toContainText('subscribed');
  });

  test('an invalid destination is refused inline and nothing reaches the broker', async ({
    dashboard,
    page,
  }) => {
    await dashboard.connect();
    const form = dashboard.subscribeForm;
    await dashboard.destination(form).fill('/topic/a/b');
    await form.getByRole('textbox', { name: 'Subscription id' }).fill('never-sent');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    await expect(form.getByRole('alert')).toContainText('%2F');
    await expect(page.getByRole('region', { name: 'Subscription never-sent' })).toHaveCount(0);
    const consumers = await management<{ consumer_tag: string }[]>('consumers/%2F');
    expect(consumers.map((c) => c.consumer_tag)).not.toContain('T_never-sent');
  });

  test('pause buffers in order, resume flushes, filter narrows, clear resets', async ({
    dashboard,
  }) => {
    const topic = uniqueName('ctl');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'ctl');
    await pane.expectSubscribed();
    await pane.root.getByRole('button', { name: 'Pause' }).click();
    await expect(pane.status).toContainText('paused');
    await publish(`/topic/${topic}`, ['apple 1', 'banana 2', 'apple 3', 'banana 4']);
    await pane.expectCount(4);
    await expect(pane.root).toContainText('4 waiting');
    await expect(pane.messages.getByRole('listitem')).toHaveCount(0);
    await pane.root.getByRole('button', { name: 'Resume' }).click();
    await expect(pane.messages.getByRole('listitem')).toHaveCount(4);
    const numbers = async () =>
      (await pane.messages.getByRole('listitem').allTextContents())
        .map((text) => /(?:apple|banana) (\d)/.exec(text)?.[1])
        .join('');
    await expect.poll(numbers).toBe('4321');
    const order = pane.root.getByRole('button', { name: 'Newest first' });
    await expect(order).toHaveAttribute('aria-pressed', 'true');
    await order.click();
    await expect(order).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(numbers).toBe('1234');

    await pane.root.getByRole('textbox', { name: 'Filter' }).fill('banana');
    await expect(pane.messages.getByRole('listitem')).toHaveCount(2);
    await pane.root.getByRole('textbox', { name: 'Filter' }).fill('');
    await expect(pane.messages.getByRole('listitem')).toHaveCount(4);

    await pane.root.getByRole('button', { name: 'Clear' }).click();
    await pane.expectCount(0);
    await expect(pane.messages.getByRole('listitem')).toHaveCount(0);
  });

  test('unsubscribe closes the pane and the broker deletes its auto-delete queue', async ({
    dashboard,
    page,
  }) => {
    const topic = uniqueName('gone');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/exchange/amq.topic/${topic}`, `gone-${topic}`);
    await pane.expectSubscribed();
    // The management API lists a new consumer after its next stats tick (a few seconds).
    let queueName: string | undefined;
    await expect
      .poll(async () => {
        const consumers =
          await management<{ consumer_tag: string; queue: { name: string } }[]>('consumers/%2F');
        queueName = consumers.find((c) => c.consumer_tag === `T_gone-${topic}`)?.queue.name;
        return queueName;
      })
      .toMatch(/^stomp-subscription-/);
    await pane.root.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.getByRole('region', { name: `Subscription gone-${topic}` })).toHaveCount(0);
    await expect
      .poll(async () =>
        (await management<{ name: string }[]>('queues/%2F')).some((q) => q.name === queueName),
      )
      .toBe(false);
  });

  test('HTML and script payloads in bodies and headers render as literal text', async ({
    dashboard,
    page,
  }) => {
    const topic = uniqueName('xss');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'xss');
    await pane.expectSubscribed();
    const payloads = [
      '<img src=x onerror="window.__xss=1">',
      '<script>window.__xss=2</script>',
      '<svg onload="window.__xss=3"></svg>',
    ];
    await publish(`/topic/${topic}`, payloads, {
      headers: { 'x-evil': '<b onmouseover="window.__xss=4">bold</b>' },
    });
    await pane.expectCount(3);
    for (const payload of payloads) await expect(pane.messages).toContainText(payload);
    await pane.messages.getByRole('listitem').first().getByRole('button').first().click();
    await expect(pane.root).toContainText('<b onmouseover="window.__xss=4">bold</b>');
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    await expect(pane.root.locator('img, script, svg[onload], b[onmouseover]')).toHaveCount(0);
  });

  test('panes survive a reload (never the passcode) and come back after Connect', async ({
    dashboard,
    page,
  }) => {
    const topic = uniqueName('keep');
    await dashboard.connect();
    await dashboard.subscribe(`/topic/${topic}`, 'kept', 'client-individual');
    // The workspace is saved asynchronously (its codec is a chunk of its own), so wait for it.
    const storage = () => page.evaluate(() => JSON.stringify(window.localStorage));
    await expect.poll(storage).toContain('kept');
    expect(await storage()).not.toContain('"passcode"');
    await page.reload();
    const pane = dashboard.pane('kept');
    await expect(pane.root).toBeVisible();
    await dashboard.connect();
    await pane.expectSubscribed();
    await publish(`/topic/${topic}`, ['after reload']);
    await pane.expectCount(1);
  });
});
