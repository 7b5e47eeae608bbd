import { test, expect } from './fixtures';
import { collect, declareExchange, uniqueName } from './support/stomp-node';

test.describe('fan-out lab', () => {
  test('the one-click demo shows fan-out against competing consumers', async ({
    dashboard,
    page,
  }) => {
    await dashboard.connect();
    const delivery = dashboard.delivery;
    await page.getByRole('button', { name: 'Competing consumers vs fan-out' }).click();
    await expect(delivery).toContainText('Demo sent', { timeout: 30_000 });

    const summaries = delivery.getByLabel('Delivery summary');
    await expect(
      summaries.filter({ hasText: /got 10 each \(fan-out: separate queues\)/ }),
    ).toHaveCount(1);
    await expect(
      summaries.filter({ hasText: /shared 10 \(round-robin on queue demo-jobs-/ }),
    ).toHaveCount(1);

    const fanRow = delivery.getByRole('row', { name: /10 → \/exchange\/amq\.topic\/demo-/ });
    const queueRow = delivery.getByRole('row', { name: /10 → \/amq\/queue\/demo-jobs-/ });
    const cells = async (row: typeof fanRow) =>
      (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    await expect
      .poll(() => cells(fanRow))
      .toEqual(['0 none ✓', '0 none ✓', '10 copy ✓', '10 copy ✓']);
    await expect
      .poll(async () => (await cells(queueRow)).slice(2))
      .toEqual(['0 none ✓', '0 none ✓']);
    const shares = (await cells(queueRow)).slice(0, 2);
    expect(shares.every((text) => text.endsWith('share ✓'))).toBe(true);
    expect(shares.map((text) => Number(text.split(' ')[0])).reduce((a, b) => a + b)).toBe(10);

    // The panes say it too, at a glance.
    const queuePane = dashboard.paneStartingWith('queue-A-').root;
    await expect(queuePane.getByLabel('Queue sharing')).toContainText('round-robin');
    const fanPane = dashboard.paneStartingWith('fan-C-').root;
    await expect(fanPane.getByLabel('Queue sharing')).toContainText('fan-out');
    await expect(delivery.getByRole('alert')).toHaveCount(0);
  });

  test('a pane subscribed after a send is shown as not having received it', async ({
    dashboard,
  }) => {
    const topic = uniqueName('late');
    await dashboard.connect();
    const early = await dashboard.subscribe(`/topic/${topic}`, 'early');
    await early.expectSubscribed();
    await dashboard.send({ destination: `/topic/${topic}`, body: 'before {{i}}', repeat: 5 });
    await early.expectCount(5);
    const late = await dashboard.subscribe(`/topic/${topic}`, 'late');
    await late.expectSubscribed();
    const delivery = dashboard.delivery;
    const row = delivery.getByRole('row', { name: new RegExp(`5 → /topic/${topic}`) });
    await expect(row.getByRole('cell').nth(0)).toHaveText('5 copy ✓');
    await expect(row.getByRole('cell').nth(1)).toHaveText('0 subscribed later');
    await expect(delivery.getByRole('alert')).toHaveCount(0);
  });

  test('a prediction the broker contradicts is flagged, not hidden', async ({ dashboard }) => {
    const queue = uniqueName('contested');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/queue/${queue}`, 'alone');
    await pane.expectSubscribed();
    // A consumer outside the dashboard on the same queue: the pane is not alone after all.
    const outsider = await collect(`/queue/${queue}`);
    try {
      await expect(dashboard.sendForm.getByLabel('Delivery preview')).toBeVisible();
      await dashboard.send({ destination: `/queue/${queue}`, body: 'job {{i}}', repeat: 10 });
      await expect.poll(() => outsider.messages.length).toBeGreaterThan(0);
      const delivery = dashboard.delivery;
      await expect(delivery.getByRole('alert')).toContainText('Prediction contradicted');
      await expect(
        delivery
          .getByRole('row', { name: new RegExp(`10 → /queue/${queue}`) })
          .getByRole('cell')
          .first(),
      ).toContainText('missing');
    } finally {
      await outsider.close();
    }
  });

  test('the live preview says who will receive while the destination is typed', async ({
    dashboard,
  }) => {
    const prefix = uniqueName('prev');
    await dashboard.connect();
    await (await dashboard.subscribe(`/exchange/amq.topic/${prefix}.#`, 'pa')).expectSubscribed();
    await (await dashboard.subscribe(`/exchange/amq.topic/${prefix}.#`, 'pb')).expectSubscribed();
    await (await dashboard.subscribe(`/queue/${prefix}-jobs`, 'qa')).expectSubscribed();
    await (await dashboard.subscribe(`/queue/${prefix}-jobs`, 'qb')).expectSubscribed();
    const preview = dashboard.sendForm.getByLabel('Delivery preview');
    await dashboard.destination(dashboard.sendForm).fill(`/exchange/amq.topic/${prefix}.x`);
    await expect(preview).toContainText('pa and pb each get a copy');
    await expect(preview).toContainText(`pattern ${prefix}.# matches ${prefix}.x`);
    await dashboard.destination(dashboard.sendForm).fill(`/queue/${prefix}-jobs`);
    await expect(preview).toContainText('round-robin');
    await expect(preview).toContainText('qa');
  });

  test('predictions follow what the broker has: a fanout of its own copies whatever the key; a missing /amq/queue/ is called out', async ({
    dashboard,
  }) => {
    const exchange = uniqueName('fan');
    await declareExchange(exchange, 'fanout');
    await dashboard.connect();
    const fa = await dashboard.subscribe(`/exchange/${exchange}/eu`, 'fa');
    const fb = await dashboard.subscribe(`/exchange/${exchange}/us`, 'fb');
    await fa.expectSubscribed();
    await fb.expectSubscribed();
    const preview = dashboard.sendForm.getByLabel('Delivery preview');
    await dashboard.destination(dashboard.sendForm).fill(`/exchange/${exchange}/anything`);
    // Topic semantics would match neither binding key; the management API says fanout.
    await expect(preview).toContainText('fa and fb each get a copy');
    await expect(preview).toContainText(`fanout exchange ${exchange}`);
    // A queue the broker does not have: RabbitMQ would drop the SEND without a word, so the preview says so.
    await dashboard.destination(dashboard.sendForm).fill(`/amq/queue/${exchange}-missing`);
    await expect(preview).toContainText(
      `drops a SEND to /amq/queue/${exchange}-missing without an error`,
    );
    await dashboard.send({
      destination: `/exchange/${exchange}/anything`,
      body: 'to all {{i}}',
      repeat: 5,
    });
    await fa.expectCount(5);
    await fb.expectCount(5);
    const delivery = dashboard.delivery;
    const row = delivery.getByRole('row', {
      name: new RegExp(`5 → /exchange/${exchange}/anything`),
    });
    await expect(row.getByRole('cell').nth(0)).toHaveText('5 copy ✓');
    await expect(row.getByRole('cell').nth(1)).toHaveText('5 copy ✓');
    await expect(delivery.getByRole('alert')).toHaveCount(0);
  });
});
