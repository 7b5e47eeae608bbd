import { test, expect } from './fixtures';
import { PrivateBroker } from './support/private-broker';
import { publish } from './support/stomp-node';

// Stops and starts a broker: it gets a private node of its own so parallel tests are undisturbed.
const broker = new PrivateBroker('restart', 15714);

test.describe('broker restart', () => {
  test.describe.configure({ timeout: 240_000 });

  broker.freshForDescribe();

  test('panes go reconnecting on broker stop, come back subscribed on start, and receive again', async ({
    dashboard,
    page,
  }) => {
    await page.getByRole('textbox', { name: 'Broker URL' }).fill(broker.url);
    await dashboard.connect();
    const fan = await dashboard.subscribe('/exchange/amq.topic/restart.#', 'restart-fan');
    const queue = await dashboard.subscribe('/queue/restart-jobs', 'restart-queue');
    await fan.expectSubscribed();
    await queue.expectSubscribed();

    await publish('/exchange/amq.topic/restart.before', (i) => `before ${i}`, {
      count: 3,
      url: broker.url,
    });
    await fan.expectCount(3);

    await broker.broker('stop');
    await expect(fan.status).toContainText('reconnecting');
    await expect(queue.status).toContainText('reconnecting');
    await expect(dashboard.connectionStatus).toContainText('reconnecting');

    await broker.broker('start');
    await expect(fan.status).toContainText('subscribed', { timeout: 60_000 });
    await expect(queue.status).toContainText('subscribed', { timeout: 60_000 });
    await expect(dashboard.connectionStatus).toContainText('connected');

    await publish('/exchange/amq.topic/restart.after', (i) => `after ${i}`, {
      count: 4,
      url: broker.url,
    });
    await fan.expectCount(7);
    await publish('/queue/restart-jobs', (i) => `job ${i}`, { count: 2, url: broker.url });
    await queue.expectCount(2);
  });
});
