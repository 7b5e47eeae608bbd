import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { publish, uniqueName } from './support/stomp-node';

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
    await dashboard.open();
    await dashboard.connect();
    const before = await mainThreadSockets(page);
    const topic = uniqueName('fallback');
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'fallback');
    await pane.expectSubscribed();
    await publish(`/topic/${topic}`, (i) => `direct ${i}`, { count: 20 });
    await pane.expectCount(20);
    expect(await mainThreadSockets(page)).toBeGreaterThan(before);
  });
});
