import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { runDemo, saveScreenshot } from './support/workspace';
import { credentials, managementUrl, uniqueName } from './support/stomp-node';

const adminAuth = `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`;

async function management(
  method: 'PUT' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<void> {
  const response = await fetch(`${managementUrl}/api/${path}`, {
    method,
    headers: { authorization: adminAuth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
}

/** The demo's tag, from its first queue pane's id (`queue-A-<tag>`). */
async function demoTag(page: Page): Promise<string> {
  const name = await page
    .getByRole('region', { name: /^Subscription queue-A-/ })
    .getAttribute('aria-label');
  return name!.replace('Subscription queue-A-', '');
}

/** The cells of the Routes row for one pane: sent to, exchange, binding, queue, pane, sent, queue got, pane got, verdict. */
async function routeOf(routes: Locator, paneId: string): Promise<string[]> {
  const row = routes
    .getByRole('row')
    .filter({ has: routes.page().getByRole('cell', { name: paneId, exact: true }) });
  await expect(row).toHaveCount(1);
  return row.getByRole('cell').allInnerTexts();
}

test.describe('the routing graph', () => {
  test('after the demo: one queue split 5 / 5 between its panes, the topic exchange with two queues getting 10 each', async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const policyViolations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) policyViolations.push(message.text());
    });
    await dashboard.connect();
    await runDemo(page);
    const tag = await demoTag(page);
    const panel = await dashboard.routing('Graph');
    const graph = panel.getByRole('figure', { name: 'Routing graph' });
    const queue = graph.getByRole('button', { name: `queue demo-jobs-${tag}`, exact: true });
    await expect(queue).toHaveAccessibleDescription(/split 5 \/ 5/);
    for (const id of [`queue-A-${tag}`, `queue-B-${tag}`]) {
      await expect(
        graph.getByRole('button', { name: `pane ${id}`, exact: true }),
      ).toHaveAccessibleDescription(/^5 received/);
    }
    for (const id of [`fan-C-${tag}`, `fan-D-${tag}`]) {
      await expect(
        graph.getByRole('button', { name: `pane ${id}`, exact: true }),
      ).toHaveAccessibleDescription(/^10 received/);
    }
    await expect(
      graph.getByRole('button', { name: 'exchange amq.topic (topic)', exact: true }),
    ).toHaveAccessibleDescription(/2 queues here/);

    const routes = panel.getByRole('table', { name: 'Routes' });
    for (const id of [`queue-A-${tag}`, `queue-B-${tag}`]) {
      const [, exchange, , queueName, , sent, queueGot, paneGot] = await routeOf(routes, id);
      expect([exchange, queueName, sent, queueGot, paneGot]).toEqual([
        '(default)',
        `demo-jobs-${tag}`,
        '10',
        '10',
        '5',
      ]);
    }
    const fanQueues = new Set<string>();
    for (const id of [`fan-C-${tag}`, `fan-D-${tag}`]) {
      const [sentTo, exchange, binding, queueName, , sent, queueGot, paneGot, verdict] =
        await routeOf(routes, id);
      expect([sentTo, exchange, binding, sent, queueGot, paneGot]).toEqual([
        `/exchange/amq.topic/demo-${tag}.created`,
        'amq.topic',
        `demo-${tag}.#`,
        '10',
        '10',
        '10',
      ]);
      expect(verdict).toBe('got all 10');
      fanQueues.add(queueName!);
    }
    expect(fanQueues.size).toBe(2);
    // Edges take keyboard focus like nodes, by name, and focusing one fills the side card.
    const edge = graph.getByRole('group', {
      name: new RegExp(`^queue demo-jobs-${tag} to pane queue-A-${tag}`),
    });
    await edge.focus();
    await expect(edge).toBeFocused();
    await expect(panel.getByRole('complementary', { name: 'Graph details' })).toContainText(
      `queue demo-jobs-${tag} → pane queue-A-${tag}`,
    );
    // React Flow and its styles run under the page's CSP (no eval; inline styles are allowed).
    expect(policyViolations).toEqual([]);
    // Once the broker has named the private queues, for the picture.
    await expect(graph.getByRole('button', { name: /^queue stomp-subscription-/ })).toHaveCount(2, {
      timeout: 20_000,
    });
    await saveScreenshot(page, 'graph-demo');
  });

  test('a pane subscribed after a send is flagged as missing it', async ({ dashboard, page }) => {
    await dashboard.connect();
    await runDemo(page);
    const tag = await demoTag(page);
    const late = `fan-E-${tag}`;
    await (await dashboard.subscribe(`/exchange/amq.topic/demo-${tag}.#`, late)).expectSubscribed();
    const panel = await dashboard.routing('Graph');
    const node = panel
      .getByRole('figure', { name: 'Routing graph' })
      .getByRole('button', { name: `pane ${late}`, exact: true });
    await expect(node).toHaveAccessibleDescription(/missing: subscribed after the send/);
    const [, , , , , sent, , paneGot, verdict] = await routeOf(
      panel.getByRole('table', { name: 'Routes' }),
      late,
    );
    expect([sent, paneGot]).toEqual(['10', '0']);
    expect(verdict).toMatch(/^⚠ missing: subscribed after the send/);

    // Picking the earlier send in the Delivery matrix overlays it instead: the queue's panes shared it.
    const delivery = await dashboard.routing('Delivery');
    await delivery
      .getByRole('button', { name: `Show 10 → /amq/queue/demo-jobs-${tag} in the graph` })
      .click();
    const graphPanel = page
      .getByRole('region', { name: 'Routing', exact: true })
      .getByRole('tabpanel');
    await expect(graphPanel.getByRole('figure', { name: 'Routing graph' })).toBeVisible();
    await expect(graphPanel.getByText(`10 sent to /amq/queue/demo-jobs-${tag}:`)).toBeVisible();
    const [, , , , , , , , shareVerdict] = await routeOf(
      graphPanel.getByRole('table', { name: 'Routes' }),
      `queue-A-${tag}`,
    );
    expect(shareVerdict).toMatch(/^got 5 of the 10 shared on queue demo-jobs-/);
  });

  test('activating a pane node brings that pane into view and highlights it', async ({
    dashboard,
    page,
  }) => {
    // With the Graph tab open the panes' area is shorter than the demo's two rows of panes: it scrolls.
    await page.setViewportSize({ width: 1440, height: 900 });
    await dashboard.connect();
    await runDemo(page);
    const tag = await demoTag(page);
    const panel = await dashboard.routing('Graph');
    const pane = page.getByRole('region', { name: `Subscription queue-A-${tag}`, exact: true });
    const main = page.getByRole('main', { name: 'Panes' });
    await main.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect(pane.locator('header')).not.toBeInViewport({ ratio: 1 });
    // React Flow shows a node once it has measured it; a hidden button cannot take focus.
    const node = panel.getByRole('button', { name: `pane queue-A-${tag}`, exact: true });
    await expect(node).toBeVisible();
    await node.press('Enter');
    await expect(pane.locator('header')).toBeInViewport({ ratio: 1 });
    await expect(pane).toHaveAttribute('data-highlighted', 'true');

    // An exchange node fills the Send destination with that exchange.
    const exchange = panel.getByRole('button', { name: 'exchange amq.topic (topic)', exact: true });
    await expect(exchange).toBeVisible();
    await exchange.press('Enter');
    await expect(dashboard.destination(dashboard.sendForm)).toHaveValue('/exchange/amq.topic/');
  });

  test.describe('an exchange whose name is markup', () => {
    const exchange = `<img src=x onerror=alert(1)> ${uniqueName('x')}`;
    // Also after a timeout, which abandons the test body (a `finally` there would not run).
    test.afterEach(() => management('DELETE', `exchanges/%2F/${encodeURIComponent(exchange)}`));

    test('shows as text', async ({ dashboard, page }) => {
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await management('PUT', `exchanges/%2F/${encodeURIComponent(exchange)}`, {
        type: 'fanout',
        durable: false,
        auto_delete: false,
      });
      await dashboard.connect();
      await runDemo(page);
      const tag = await demoTag(page);
      // Bound to the demo's queue, the exchange is on a path to its panes: the graph draws it.
      await management(
        'POST',
        `bindings/%2F/e/${encodeURIComponent(exchange)}/q/demo-jobs-${tag}`,
        { routing_key: '' },
      );
      const panel = await dashboard.routing('Graph');
      const node = panel.getByRole('button', {
        name: `exchange ${exchange} (fanout)`,
        exact: true,
      });
      await expect(node).toBeVisible({ timeout: 20_000 });
      await expect(node).toContainText(exchange);
      await expect(
        panel
          .getByRole('table', { name: 'Routes' })
          .getByRole('cell', { name: `${exchange}, (default)` })
          .first(),
      ).toBeVisible();
      await expect(page.locator('img[src="x"]')).toHaveCount(0);
      expect(dialogs).toEqual([]);
    });
  });
});

test.describe('a crowded graph', () => {
  const tag = uniqueName('crowd');
  const queues = Array.from({ length: 20 }, (_, i) => `${tag}-q${i}`);
  test.afterEach(async () => {
    for (const queue of queues) await management('DELETE', `queues/%2F/${queue}`).catch(() => {});
  });

  test('20 panes on queues with 100 bindings in all stay readable at 1440×900, nothing grouped', async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const [i, queue] of queues.entries()) {
      await management('PUT', `queues/%2F/${queue}`, { durable: false, auto_delete: false });
      for (let k = 0; k < 5; k++)
        await management('POST', `bindings/%2F/e/amq.topic/q/${queue}`, {
          routing_key: `${tag}.${i}.${k}`,
        });
    }
    // 20 panes at once through a stored workspace, as a reload would restore them.
    const value = (label: string) =>
      page.getByRole('textbox', { name: new RegExp(`^${label}`) }).inputValue();
    const connection = {
      brokerUrl: await value('Broker URL'),
      login: await value('Login'),
      vhost: await value('Virtual host'),
    };
    const panes = queues.map((queue, i) => ({
      key: `pane-${i + 1}`,
      subscriptionId: `crowd-${i}`,
      destination: `/amq/queue/${queue}`,
      capacity: 100,
    }));
    await page.evaluate(
      (text) => localStorage.setItem('stompwatch.workspace.v1', text),
      JSON.stringify({ version: 1, connection, panes }),
    );
    await page.reload();
    await dashboard.connect();
    const panel = await dashboard.routing('Graph');
    const graph = panel.getByRole('figure', { name: 'Routing graph' });
    await expect(graph.getByRole('button', { name: /^pane crowd-/ })).toHaveCount(20, {
      timeout: 20_000,
    });
    // Once the broker's bindings are merged: one edge per queue from amq.topic, 5 keys on each.
    const bindings = graph.getByRole('group', {
      name: new RegExp(`^exchange amq\\.topic \\(topic\\) to queue ${tag}-q\\d+: `),
    });
    await expect(bindings).toHaveCount(20, { timeout: 20_000 });
    for (const name of await bindings.evaluateAll((edges) =>
      edges.map((edge) => edge.getAttribute('aria-label') ?? ''),
    ))
      expect(name.match(new RegExp(`${tag}\\.\\d+\\.\\d`, 'g'))).toHaveLength(5);
    await expect(graph.getByRole('button', { name: /^and \d+ more/ })).toHaveCount(0);
    await expect(panel.getByRole('table', { name: 'Routes' }).getByRole('row')).toHaveCount(21);
    await saveScreenshot(page, 'graph-crowded');
  });
});
