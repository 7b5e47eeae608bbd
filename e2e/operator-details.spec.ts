import { test, expect } from './fixtures';
import type { DashboardPage } from './support/dashboard-page';
import { publish, uniqueName } from './support/stomp-node';

const SCREENSHOTS = 'test-results/screenshots';

/** Subscribes a client-individual pane with a prefetch-count, set in the form's Builder and options. */
async function subscribeWithPrefetch(
  dashboard: DashboardPage,
  destination: string,
  id: string,
  prefetch: number,
) {
  const form = dashboard.subscribeForm;
  await dashboard.openOptions(form);
  await form.getByRole('textbox', { name: 'prefetch-count' }).fill(String(prefetch));
  const pane = await dashboard.subscribe(destination, id, 'client-individual');
  await pane.expectSubscribed();
  return pane;
}

test.describe('operator details: ack state, counts, detail, keyboard', () => {
  test('rows show unacked, acked, nacked, requeued and redelivered; the header shows prefetch and unacked', async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const queue = uniqueName('states');
    await dashboard.connect();
    const pane = await subscribeWithPrefetch(dashboard, `/queue/${queue}`, 'states', 5);
    await publish(`/queue/${queue}`, (i) => `job ${i}`, { count: 7 });
    await pane.expectCount(5);
    await expect(pane.unacked).toHaveText('prefetch 5 · 5 unacked');
    await expect(pane.row(1).getByText('unacked', { exact: true })).toBeVisible();

    await pane.row(1).getByRole('button', { name: 'Ack', exact: true }).click();
    await expect(pane.row(1).getByText('acked', { exact: true })).toBeVisible();
    await expect(pane.row(1).getByText('unacked', { exact: true })).toHaveCount(0);
    await expect(pane.root).toContainText(`Acked #1 (${queue})`);
    await expect(pane.root).not.toContainText('@@');
    await pane.expectCount(6);

    await pane.root.getByRole('checkbox', { name: 'Requeue' }).uncheck();
    await pane.row(2).getByRole('button', { name: 'Nack', exact: true }).click();
    await expect(pane.row(2).getByText('nacked', { exact: true })).toBeVisible();
    await expect(pane.root).toContainText(`Nacked #2 (${queue}), not requeued`);
    await pane.expectCount(7);
    await expect(pane.unacked).toHaveText('prefetch 5 · 5 unacked');

    await pane.root.getByRole('checkbox', { name: 'Requeue' }).check();
    await pane.row(3).getByRole('button', { name: 'Nack', exact: true }).click();
    await expect(pane.row(3).getByText('requeued', { exact: true })).toBeVisible();
    // The broker gives job 2 back at once: the same message again, not an eighth one.
    await expect(pane.row(8)).toContainText('job 2');
    await expect(pane.row(8).getByText('redelivered', { exact: true })).toBeVisible();
    await expect(pane.row(8).getByText('unacked', { exact: true })).toBeVisible();
    await expect(pane.redeliveries).toHaveText('· 1 redelivered');
    await pane.expectCount(7);
    await expect(pane.unacked).toHaveText('prefetch 5 · 5 unacked');
    await pane.root.screenshot({ path: `${SCREENSHOTS}/pane-ack-states.png` });
  });

  test('a foreign message nacked with requeue and redelivered is counted once, its redelivery beside the count', async ({
    dashboard,
  }) => {
    const queue = uniqueName('foreign');
    await dashboard.connect();
    const pane = await subscribeWithPrefetch(dashboard, `/queue/${queue}`, 'foreign', 5);
    // Published by a Node client: no x-stompwatch-seq header, so only the fingerprint can tell.
    await publish(`/queue/${queue}`, ['{"order":1}', '{"order":2}', '{"order":3}'], {
      headers: { 'content-type': 'application/json', 'x-team': 'eu' },
    });
    await pane.expectCount(3);
    await expect(pane.redeliveries).toHaveCount(0);
    await pane.row(2).getByRole('button', { name: 'Nack', exact: true }).click();
    await expect(pane.row(4)).toContainText('{"order":2}');
    await expect(pane.row(4).getByText('redelivered', { exact: true })).toBeVisible();
    await expect(pane.row(2).getByText('requeued', { exact: true })).toBeVisible();
    await expect(pane.redeliveries).toHaveText('· 1 redelivered');
    await pane.expectCount(3);
    await expect(pane.unacked).toHaveText('prefetch 5 · 3 unacked');
  });

  test('the detail opens beside the list and shows a 60-line JSON body whole', async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const topic = uniqueName('detail');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'detail');
    await pane.expectSubscribed();
    const order = Object.fromEntries(
      Array.from({ length: 58 }, (_, i) => [`field${String(i).padStart(2, '0')}`, `value ${i}`]),
    );
    const pretty = JSON.stringify(order, null, 2);
    expect(pretty.split('\n')).toHaveLength(60);
    await publish(`/topic/${topic}`, [JSON.stringify(order), 'second'], {
      headers: { 'content-type': 'application/json' },
    });
    await pane.expectCount(2);
    await pane.root.getByRole('button', { name: 'Maximise' }).click();

    await pane.row(1).getByRole('button').first().click();
    const detail = pane.detail;
    const body = detail.locator('pre');
    await expect(body).toHaveText(pretty);
    await expect(detail.getByRole('table', { name: 'Headers' })).toBeVisible();

    await page.screenshot({ path: `${SCREENSHOTS}/detail-1440x900.png` });
    const list = (await pane.messages.boundingBox())!;
    const panel = (await detail.boundingBox())!;
    const pre = (await body.boundingBox())!;
    expect(list.x + list.width, 'the list ends where the detail begins').toBeLessThanOrEqual(
      panel.x,
    );
    expect(list.height, 'the list stays in view beside the detail').toBeGreaterThan(200);
    expect(pre.y, 'body starts inside the panel').toBeGreaterThanOrEqual(panel.y);
    expect(pre.y + pre.height, 'body ends inside the panel').toBeLessThanOrEqual(
      panel.y + panel.height,
    );
    expect(pre.y + pre.height, 'body ends inside the window').toBeLessThanOrEqual(900);
    const scroll = await body.evaluate((el) => ({
      scroll: el.scrollHeight,
      client: el.clientHeight,
    }));
    expect(scroll.scroll, 'no inner scroll in the body').toBeLessThanOrEqual(scroll.client);

    await detail.getByRole('button', { name: 'Close detail' }).click();
    await expect(detail).toHaveCount(0);
  });

  test('keyboard only: one tab stop in a list of 1,000 rows, arrows, End, Home and Enter', async ({
    dashboard,
    page,
  }) => {
    const topic = uniqueName('keys');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'keys');
    await pane.expectSubscribed();
    await publish(`/topic/${topic}`, (i) => `row ${i + 1}`, { count: 1000 });
    await pane.expectCount(1000);
    const rows = pane.messages.getByRole('listitem');
    const focusedRow = pane.messages.locator('[role="listitem"]:has(:focus)');
    const seqOfFocused = () => focusedRow.locator('span').first();

    // The control just before the list, then Tab: the list takes exactly one tab stop.
    await pane.root.getByRole('button', { name: 'Unsubscribe' }).focus();
    await page.keyboard.press('Tab');
    await expect(rows.first().getByRole('button').first()).toBeFocused();
    await expect(seqOfFocused()).toHaveText('#1000');

    await page.keyboard.press('ArrowDown');
    await expect(seqOfFocused()).toHaveText('#999');
    await page.keyboard.press('End');
    await expect(seqOfFocused()).toHaveText('#1');
    await expect(focusedRow).toHaveAttribute('data-index', '999');
    expect(await rows.count(), 'the list stays virtualised').toBeLessThan(60);
    await page.keyboard.press('Home');
    await expect(seqOfFocused()).toHaveText('#1000');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(pane.detail).toContainText('row 999');
    await expect(focusedRow.getByRole('button').first()).toHaveAttribute('aria-expanded', 'true');

    // Shift+Tab from the list goes back to the toolbar; Tab comes back to the same row.
    await page.keyboard.press('Shift+Tab');
    await expect(pane.root.getByRole('button', { name: 'Unsubscribe' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(seqOfFocused()).toHaveText('#999');
  });

  test("the Send form's destination chips are one tab stop with arrow keys", async ({
    dashboard,
    page,
  }) => {
    const topic = uniqueName('chips');
    await dashboard.connect();
    for (const id of ['chip-a', 'chip-b', 'chip-c'])
      await (await dashboard.subscribe(`/topic/${topic}.${id}`, id)).expectSubscribed();
    const chips = dashboard.sendForm
      .getByRole('group', { name: 'Destinations in use' })
      .getByRole('button');
    // Live panes' destinations, and whatever queues the broker lists now (other tests' too).
    await expect.poll(() => chips.count()).toBeGreaterThanOrEqual(3);
    await expect(
      dashboard.sendForm.locator(
        '[role="group"][aria-label="Destinations in use"] button[tabindex="0"]',
      ),
    ).toHaveCount(1);
    await chips.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(chips.nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(chips.last()).toBeFocused();
    const last = (await chips.last().textContent()) ?? '';
    await page.keyboard.press('Enter');
    await expect(dashboard.destination(dashboard.sendForm)).toHaveValue(last);
    await page.keyboard.press('Tab');
    expect(
      await chips.evaluateAll((els) => els.includes(document.activeElement as HTMLElement)),
      'Tab leaves the group',
    ).toBe(false);
  });
});
