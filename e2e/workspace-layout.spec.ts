import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import {
  boxOf,
  demoPanes,
  inside,
  runDemo,
  saveScreenshot,
  viewportBox,
} from './support/workspace';
import { uniqueName } from './support/stomp-node';

test.describe('the demo answers on screen', () => {
  test('at 1440×900 the four demo panes (header and 5 rows each) and the Delivery matrix are in view without scrolling', async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await dashboard.connect();
    await runDemo(page);
    const viewport = viewportBox(page);
    for (const pane of demoPanes(page)) {
      expect(inside(await boxOf(pane.locator('header')), viewport)).toBe(true);
      const list = pane.getByRole('list', { name: 'Messages' });
      const scroller = await boxOf(list.locator('xpath=..'));
      const rows = list.getByRole('listitem');
      await expect(rows.nth(4)).toBeAttached();
      for (let i = 0; i < 5; i++) {
        const row = await boxOf(rows.nth(i));
        expect(inside(row, scroller), `row ${i} inside its list`).toBe(true);
        expect(inside(row, viewport), `row ${i} inside the viewport`).toBe(true);
      }
    }
    const delivery = dashboard.delivery;
    expect(inside(await boxOf(delivery), viewport)).toBe(true);
    expect(await page.evaluate(() => [window.scrollX, window.scrollY])).toEqual([0, 0]);
    expect(await page.getByRole('main', { name: 'Panes' }).evaluate((main) => main.scrollTop)).toBe(
      0,
    );
    await saveScreenshot(page, 'demo');
  });

  test("at 1280×720 the demo panes' headers are in view and the Delivery matrix is one click away", async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await dashboard.connect();
    await runDemo(page);
    const viewport = viewportBox(page);
    for (const pane of demoPanes(page))
      expect(inside(await boxOf(pane.locator('header')), viewport)).toBe(true);
    await saveScreenshot(page, 'demo');
    const routing = page.getByRole('region', { name: 'Routing' });
    await routing.getByRole('button', { name: 'Hide routing' }).click();
    await expect(dashboard.delivery).toHaveCount(0);
    await routing.getByRole('tab', { name: 'Delivery' }).click();
    expect(inside(await boxOf(dashboard.delivery), viewport)).toBe(true);
  });

  test('at 390×844 nothing scrolls sideways, and Subscribe, Send, a pane and the matrix are all reachable', async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await dashboard.connect();
    await runDemo(page);
    const noSideways = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noSideways()).toBe(true);
    await expect(dashboard.delivery).toBeVisible();
    await saveScreenshot(page, 'demo');
    await page.getByRole('button', { name: 'Hide routing' }).click();
    await expect(demoPanes(page)[0]!).toBeInViewport();
    await page.getByRole('button', { name: 'Show controls' }).click();
    await expect(dashboard.subscribeForm).toBeVisible();
    await dashboard.sendForm.scrollIntoViewIfNeeded();
    await expect(dashboard.sendForm).toBeInViewport();
    expect(await noSideways()).toBe(true);
    await saveScreenshot(page, 'controls');
    await page.getByRole('button', { name: 'Hide controls' }).click();
    await page.getByRole('tab', { name: 'Delivery' }).click();
    await expect(dashboard.delivery).toBeInViewport();
  });
});

test('panes maximise, restore with Esc, collapse, move and resize; the arrangement survives a reload and an export/import', async ({
  dashboard,
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await dashboard.connect();
  const topic = uniqueName('arrange');
  const ids = ['ar-1', 'ar-2', 'ar-3'];
  for (const id of ids) await (await dashboard.subscribe(`/topic/${topic}`, id)).expectSubscribed();
  const panes = page
    .getByRole('main', { name: 'Panes' })
    .getByRole('region', { name: /^Subscription / });
  const order = async () =>
    (await panes.evaluateAll((all) => all.map((el) => el.getAttribute('aria-label')))).join(',');
  await expect.poll(order).toBe('Subscription ar-1,Subscription ar-2,Subscription ar-3');

  // Maximise fills the panes' area; Esc restores.
  const second = dashboard.pane('ar-2').root;
  await second.getByRole('button', { name: 'Maximise' }).click();
  const area = await boxOf(page.getByRole('main', { name: 'Panes' }));
  const maximised = await boxOf(second);
  expect(maximised.width).toBeGreaterThan(area.width * 0.9);
  expect(maximised.height).toBeGreaterThan(area.height * 0.9);
  await expect(dashboard.pane('ar-1').root).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(second.getByRole('button', { name: 'Maximise' })).toBeVisible();
  await expect(dashboard.pane('ar-1').root).toBeVisible();

  // Collapse leaves the header only.
  const third = dashboard.pane('ar-3').root;
  const full = await boxOf(third);
  await third.getByRole('button', { name: 'Collapse' }).click();
  await expect(third.getByRole('button', { name: 'Expand' })).toBeVisible();
  await expect(third.getByRole('list', { name: 'Messages' })).toHaveCount(0);
  expect((await boxOf(third)).height).toBeLessThan(full.height / 3);

  // Move with the buttons (collapsed panes line up above the grid, in their own order).
  await dashboard.pane('ar-1').root.getByRole('button', { name: 'Move later' }).click();
  await expect.poll(order).toBe('Subscription ar-3,Subscription ar-2,Subscription ar-1');

  // Resize the controls and the columns with the keyboard.
  const controls = page.getByRole('region', { name: 'Controls' });
  const before = (await boxOf(controls)).width;
  const handle = page.getByRole('separator', { name: 'Resize controls' });
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await boxOf(controls)).width).toBeGreaterThan(before + 30);
  const firstColumn = (await boxOf(dashboard.pane('ar-2').root)).width;
  await page.getByRole('separator', { name: 'Resize panes' }).focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect
    .poll(async () => (await boxOf(dashboard.pane('ar-2').root)).width)
    .toBeLessThan(firstColumn - 30);
  const widths = {
    controls: (await boxOf(controls)).width,
    column: (await boxOf(dashboard.pane('ar-2').root)).width,
  };

  // Everything comes back after a reload…
  const expectArrangement = async () => {
    await expect.poll(order).toBe('Subscription ar-3,Subscription ar-2,Subscription ar-1');
    await expect(dashboard.pane('ar-3').root.getByRole('button', { name: 'Expand' })).toBeVisible();
    await expect
      .poll(async () => Math.round((await boxOf(controls)).width))
      .toBe(Math.round(widths.controls));
    await expect
      .poll(async () => Math.abs((await boxOf(dashboard.pane('ar-2').root)).width - widths.column))
      .toBeLessThan(2);
  };
  await page.reload();
  await expectArrangement();

  // …and travels in an exported file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export workspace' }).click();
  const file = await readFile(await (await download).path(), 'utf8');
  expect(JSON.parse(file).layout.collapsed).toHaveLength(1);
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await expect(panes).toHaveCount(0);
  await page.getByLabel('Workspace file').setInputFiles({
    name: 'arranged.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file),
  });
  await expectArrangement();
});

test('shortcuts: / focuses a filter, ? lists them, Ctrl+Enter sends, and none fires while typing', async ({
  dashboard,
  page,
}) => {
  await dashboard.connect();
  const topic = uniqueName('keys');
  const pane = await dashboard.subscribe(`/topic/${topic}`, 'keys-pane');
  await pane.expectSubscribed();

  await page.getByRole('main', { name: 'Panes' }).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(pane.root.getByRole('textbox', { name: 'Filter' })).toBeFocused();
  // Typing in the filter: "/" and "?" are text, not shortcuts.
  await page.keyboard.type('a/b?');
  await expect(pane.root.getByRole('textbox', { name: 'Filter' })).toHaveValue('a/b?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  await pane.root.getByRole('textbox', { name: 'Filter' }).fill('');

  await page.getByRole('main', { name: 'Panes' }).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  await dashboard.destination(dashboard.sendForm).fill(`/topic/${topic}`);
  const body = dashboard.sendForm.getByRole('textbox', { name: 'Message body' });
  await body.fill('sent with the keyboard');
  await body.press('Control+Enter');
  await pane.expectCount(1);
  await expect(pane.messages).toContainText('sent with the keyboard');
});
