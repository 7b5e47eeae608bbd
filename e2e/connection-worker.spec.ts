import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { nodeClient, publish, uniqueName } from './support/stomp-node';

/** Records every WebSocket the page's main thread opens (workers have their own WebSocket). */
async function countMainThreadSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const opened: string[] = [];
    (window as unknown as { mainThreadSockets: string[] }).mainThreadSockets = opened;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        opened.push(String(url));
      }
    };
  });
}

const mainThreadSockets = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { mainThreadSockets: string[] }).mainThreadSockets.length,
  );

test.describe('connection worker', () => {
  test('panes receive on connections run by a worker, not by the page', async ({
    page,
    dashboard,
  }) => {
    await countMainThreadSockets(page);
    await dashboard.open();
    await dashboard.connect();
    const before = await mainThreadSockets(page);
    const topic = uniqueName('worker');
    const a = await dashboard.subscribe(`/exchange/amq.topic/${topic}.#`, 'worker-a');
    const b = await dashboard.subscribe(`/exchange/amq.topic/${topic}.#`, 'worker-b');
    await a.expectSubscribed();
    await b.expectSubscribed();
    await publish(`/exchange/amq.topic/${topic}.x`, (i) => `from worker ${i}`, { count: 500 });
    await a.expectCount(500);
    await b.expectCount(500);
    // Two panes, each on its own connection, and not one more socket on the main thread.
    expect(await mainThreadSockets(page)).toBe(before);
    const names = await Promise.all(
      page.workers().map((worker) => worker.evaluate(() => self.name)),
    );
    expect(names).toContain('stompwatch-connections');
    // The delivery tap (the soak's) is off unless asked for: nothing to read in either realm.
    const tapOn = () => '__stompwatchDeliveries' in globalThis;
    expect(await page.evaluate(tapOn)).toBe(false);
    for (const worker of page.workers()) expect(await worker.evaluate(tapOn)).toBe(false);
    await expect(a.messages.getByRole('listitem').first()).toContainText('from worker 499');
  });

  test('when the worker cannot start, panes connect from the page and still receive', async ({
    page,
    dashboard,
  }) => {
    await countMainThreadSockets(page);
    await page.addInitScript(() => {
      const Native = window.Worker;
      // A worker whose script does not exist: it fails to load, as under a blocking policy.
      window.Worker = class extends Native {
        constructor(_url: string | URL, options?: WorkerOptions) {
          super('/no-such-connection-worker.js', options);
        }
      };
    });
    // As the soak does: ask for the delivery tap, which then counts on the page.
    await page.addInitScript(() => {
      (window as unknown as Record<string, unknown>).__stompwatchDeliveryTapRequest = {
        sequenceHeader: 'soak-seq',
      };
    });
    await dashboard.open();
    await dashboard.connect();
    const before = await mainThreadSockets(page);
    const topic = uniqueName('fallback');
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'fallback');
    await pane.expectSubscribed();
    const client = await nodeClient();
    for (let seq = 0; seq < 20; seq++)
      client.publish({
        destination: `/topic/${topic}`,
        body: `direct ${seq}`,
        headers: { 'soak-seq': String(seq) },
      });
    await client.deactivate();
    await pane.expectCount(20);
    expect(await mainThreadSockets(page)).toBeGreaterThan(before);
    const counted = await page.evaluate(
      () =>
        (
          window as unknown as {
            __stompwatchDeliveries: {
              snapshot(): {
                subscriptions: Record<string, { received: number[][]; duplicates: number }>;
              };
            };
          }
        ).__stompwatchDeliveries.snapshot().subscriptions.fallback,
    );
    expect(counted).toMatchObject({ received: [[0, 19]], duplicates: 0 });
    expect(JSON.stringify(counted)).not.toContain('direct');
  });
});
