import { stat } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { bodyText, expandNewest, workspaceFile } from './support/bad-input-cases';
import { publish, uniqueName } from './support/stomp-node';

// Issue 21: nothing a workspace file, a stored workspace or the broker sends may freeze the page.

const WORKSPACE_STORAGE_KEY = 'stompwatch.workspace.v1';
const TEN_MB = 10 * 1024 * 1024;

/** The connection the page has now, so a workspace built with it changes no credentials. */
async function currentConnection(page: Page) {
  // Names start with the label; a hint may follow it.
  const value = (label: string) =>
    page.getByRole('textbox', { name: new RegExp(`^${label}`) }).inputValue();
  return {
    brokerUrl: await value('Broker URL'),
    login: await value('Login'),
    vhost: await value('Virtual host'),
  };
}

async function workspaceText(page: Page, paneCount: number, capacity: number): Promise<string> {
  const tag = uniqueName('limits');
  const panes = Array.from({ length: paneCount }, (_, i) => ({
    key: `pane-${i + 1}`,
    subscriptionId: `${tag}-${i}`,
    destination: `/topic/${tag}-${i}`,
    capacity,
  }));
  return JSON.stringify({ version: 1, connection: await currentConnection(page), panes });
}

/** Bytes of JavaScript heap in use, from Chromium's own counters. */
async function jsHeapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value;
  if (used === undefined) throw new Error('Chromium reported no JSHeapUsedSize');
  return used;
}

const panes = (page: Page) => page.getByRole('region', { name: /^Subscription / });

test.describe('limits on what files and the broker can make large', () => {
  test('a 2,000-pane import of capacity 200,000 each is cut to 50 panes sharing 200,000, and the heap stays small', async ({
    dashboard: { page },
  }) => {
    const text = await workspaceText(page, 2000, 200_000);
    await page.getByLabel('Workspace file').setInputFiles(workspaceFile('huge.json', text));
    const status = page.getByRole('status', { name: 'Workspace status' });
    await expect(status).toContainText('Imported 50 pane(s) from huge.json.');
    await expect(status).toContainText('Left out 1,950 panes: a workspace holds at most 50.');
    await expect(status).toContainText(
      'Reduced how many messages 50 panes keep (to at most 4,000 each): all panes together keep at most 200,000, and the file asked for 10,000,000.',
    );
    await expect(panes(page)).toHaveCount(50);
    await expect(panes(page).first()).toContainText('keeps at most 4,000');

    const heap = await jsHeapUsed(page);
    test.info().annotations.push({
      type: 'JS heap after import',
      description: `${Math.round(heap / 2 ** 20)} MB`,
    });
    expect(heap, 'JS heap in use after the import, in bytes').toBeLessThan(200 * 1024 * 1024);

    const stored = JSON.parse(
      (await page.evaluate((key) => localStorage.getItem(key), WORKSPACE_STORAGE_KEY)) ?? '{}',
    ) as {
      panes?: { capacity: number }[];
    };
    expect(stored.panes).toHaveLength(50);
    expect(stored.panes?.reduce((sum, pane) => sum + pane.capacity, 0)).toBeLessThanOrEqual(
      200_000,
    );
  });

  test('a stored workspace beyond the limits is refused on reload, with the reason shown', async ({
    dashboard: { page },
  }) => {
    const cases = [
      {
        text: await workspaceText(page, 60, 100),
        reason:
          'The stored workspace was not loaded: it has 60 panes and a workspace holds at most 50.',
      },
      {
        text: await workspaceText(page, 2, 150_000),
        reason:
          'The stored workspace was not loaded: its panes keep up to 300,000 messages together and a workspace keeps at most 200,000.',
      },
    ];
    for (const { text, reason } of cases) {
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
        WORKSPACE_STORAGE_KEY,
        text,
      ] as const);
      await page.reload();
      await expect(page.getByRole('status', { name: 'Stored workspace status' })).toContainText(
        reason,
      );
      await expect(page.getByText('No subscriptions yet.')).toBeVisible();
      await expect(panes(page)).toHaveCount(0);
    }

    // Importing a file replaces the refused workspace, and with it the notice.
    await page
      .getByLabel('Workspace file')
      .setInputFiles(workspaceFile('one.json', await workspaceText(page, 1, 100)));
    await expect(page.getByRole('status', { name: 'Workspace status' })).toContainText(
      'Imported 1 pane(s)',
    );
    await expect(page.getByRole('status', { name: 'Stored workspace status' })).toHaveCount(0);

    // Within the limits, a stored workspace loads and nothing is reported.
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
      WORKSPACE_STORAGE_KEY,
      await workspaceText(page, 2, 100_000),
    ] as const);
    await page.reload();
    await expect(panes(page)).toHaveCount(2);
    await expect(page.getByRole('status', { name: 'Stored workspace status' })).toHaveCount(0);
  });

  test("a 10 MB body's Show all renders a bounded part and offers the whole body as a download", async ({
    dashboard,
    page,
  }) => {
    test.setTimeout(120_000);
    const queue = uniqueName('big-body');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/queue/${queue}`, queue);
    await pane.expectSubscribed();
    await publish(`/queue/${queue}`, ['x'.repeat(TEN_MB)]);
    await pane.expectCount(1);

    const row = await expandNewest(pane);
    await expect(row).toContainText('Showing the first 65,536 of 10,485,760 characters.');
    await row.getByRole('button', { name: 'Show all' }).click();
    await expect(row).toContainText(
      'Showing the first 2,097,152 of 10,485,760 characters: the rest is too long to show here.',
    );
    await expect(row.getByRole('button', { name: 'Show all' })).toHaveCount(0);
    expect((await bodyText(row)).length, 'characters rendered in the text view').toBe(
      2 * 1024 * 1024,
    );

    await row
      .getByRole('group', { name: 'Body view' })
      .getByRole('button', { name: 'Hex' })
      .click();
    await expect(row).toContainText(
      'Showing the first 262,144 of 10,485,760 bytes: the rest is too long to show here.',
    );
    const hex = await bodyText(row);
    expect(hex.length, 'characters rendered in the hex view').toBeLessThan(1_400_000);
    expect(hex).toContain('(10,223,616 more bytes not shown)');

    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Download body' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^message-\d+\.txt$/);
    expect((await stat(await file.path())).size, 'bytes in the downloaded body').toBe(TEN_MB);
  });

  test('a queue name with a right-to-left override shows the override marked', async ({
    dashboard,
  }) => {
    const suffix = uniqueName('bidi');
    const name = `abc\u202Edef-${suffix}`;
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/queue/${name}`, uniqueName('bidi-pane'));
    await pane.expectSubscribed();
    const heading = pane.root.getByRole('heading', { level: 2 });
    await expect(heading).toHaveText(`/queue/abc⟨U+202E⟩def-${suffix}`);
    // Nowhere in the pane: its status and queue-sharing note name the queue too.
    await expect(pane.root.getByLabel('Queue sharing')).toContainText('abc⟨U+202E⟩def');
    const paneText = await pane.root.textContent();
    expect(paneText, 'the override itself is not in the pane').not.toContain('\u202E');

    // Header names and values are marked in the message detail too.
    await publish(`/queue/${name}`, ['hello'], { headers: { 'x-note\u200B': 'left\u2067right' } });
    await pane.expectCount(1);
    const row = await expandNewest(pane);
    const note = row.getByRole('row').filter({ hasText: 'x-note⟨U+200B⟩:' });
    await expect(note.getByRole('cell')).toHaveText('left⟨U+2067⟩right');
  });
});
