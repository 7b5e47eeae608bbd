import { test, expect } from './fixtures';
import { PrivateBroker, exportPane, publishConfirmed, tallyBodies } from './support/private-broker';
import { publish } from './support/stomp-node';
import { saveScreenshot } from './support/workspace';

// Stops and starts a broker: it gets a private node of its own so parallel tests are undisturbed.
const broker = new PrivateBroker('restart', 15714);

test.describe('broker restart', () => {
  test.describe.configure({ timeout: 240_000 });

  broker.freshForDescribe();

  test('panes go reconnecting on broker stop, come back subscribed on start, and receive again; a durable pane keeps everything', async ({
    dashboard,
    page,
  }) => {
    await page.getByRole('textbox', { name: 'Broker URL' }).fill(broker.url);
    await dashboard.connect();
    const fan = await dashboard.subscribe('/exchange/amq.topic/restart.#', 'restart-fan');
    const queue = await dashboard.subscribe('/queue/restart-jobs', 'restart-queue');
    // The Subscribe form's Durable queue: a named durable queue of its own, acked on receipt.
    const durable = await dashboard.subscribeDurable(
      '/exchange/amq.topic/durable.#',
      'restart-durable',
      'restart-durable-q',
    );
    await fan.expectSubscribed();
    await queue.expectSubscribed();
    await durable.expectSubscribed();
    await expect(durable.root.getByLabel('Durable queue', { exact: true })).toHaveText(
      'durable restart-durable-q',
    );

    await publish('/exchange/amq.topic/restart.before', (i) => `before ${i}`, {
      count: 3,
      url: broker.url,
    });
    await fan.expectCount(3);

    // Confirmed (persistent) just before the stop: some are still in the queue, in flight or
    // unacked when the broker goes down. The durable pane must end with each exactly once.
    const burst = Array.from({ length: 300 }, (_, i) => `durable before ${i}`);
    expect(await publishConfirmed(broker.url, '/exchange/amq.topic/durable.x', burst)).toHaveLength(
      burst.length,
    );

    await broker.broker('stop');
    await expect(fan.status).toContainText('reconnecting');
    await expect(queue.status).toContainText('reconnecting');
    await expect(durable.status).toContainText('reconnecting');
    await expect(dashboard.connectionStatus).toContainText('reconnecting');

    await broker.broker('start');
    await expect(fan.status).toContainText('subscribed', { timeout: 60_000 });
    await expect(queue.status).toContainText('subscribed', { timeout: 60_000 });
    await expect(durable.status).toContainText('subscribed', { timeout: 60_000 });
    await expect(dashboard.connectionStatus).toContainText('connected');

    await publish('/exchange/amq.topic/restart.after', (i) => `after ${i}`, {
      count: 4,
      url: broker.url,
    });
    await fan.expectCount(7);
    await publish('/queue/restart-jobs', (i) => `job ${i}`, { count: 2, url: broker.url });
    await queue.expectCount(2);

    const after = ['durable after 0', 'durable after 1'];
    expect(await publishConfirmed(broker.url, '/exchange/amq.topic/durable.y', after)).toHaveLength(
      2,
    );
    const confirmed = [...burst, ...after];
    await durable.expectCount(confirmed.length);
    const tally = tallyBodies(await exportPane(page, durable));
    expect([...tally.keys()].sort()).toEqual([...confirmed].sort());
    for (const [body, seen] of tally) expect(seen.first, `${body}: first deliveries`).toBe(1);
    // It acks what it receives by itself: nothing waits for a user's Ack.
    await expect(durable.unacked).toContainText('0 unacked');
    await saveScreenshot(page, 'durable-pane');
  });
});
