import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { publish, uniqueName } from './support/stomp-node';
import { saveScreenshot } from './support/workspace';

test('charting body.i from the JSON tree draws its series, and a filter and the chart survive a reload', async ({
  dashboard,
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await dashboard.connect();
  const topic = uniqueName('chart');
  const pane = await dashboard.subscribe(`/topic/${topic}`, 'chart-pane');
  await pane.expectSubscribed();
  await publish(`/topic/${topic}`, (i) => JSON.stringify({ i: i + 1, name: `m${i + 1}` }), {
    count: 100,
    headers: { 'content-type': 'application/json' },
  });
  await pane.expectCount(100);

  // The newest message is first; open it, switch to the tree, chart its number.
  await pane.messages.getByRole('listitem').first().getByRole('button').first().click();
  await pane.detail
    .getByRole('group', { name: 'Body view' })
    .getByRole('button', { name: 'Tree' })
    .click();
  const tree = pane.detail.getByRole('list', { name: 'JSON tree' });
  // Only numbers can be charted.
  await expect(tree.getByRole('button', { name: 'Chart this field' })).toHaveCount(1);
  await tree.getByRole('button', { name: 'Chart this field' }).click();
  await expect(pane.detail.getByRole('status')).toHaveText('Charting body.i in this pane.');

  const chart = pane.root.getByRole('figure', { name: 'Field chart' });
  await expect(chart).toContainText('body.i: last 100, min 1, max 100 (100 points)');
  await expect(chart.locator('canvas')).toBeVisible();
  // The chart, its summary and its buttons pass axe's WCAG 2.1 A/AA rules.
  const axe = await new AxeBuilder({ page })
    .include('section[aria-label="Subscription chart-pane"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // Charting it again is refused with the reason.
  await tree.getByRole('button', { name: 'Chart this field' }).click();
  await expect(pane.detail.getByRole('status')).toHaveText(
    'body.i is already charted in this pane.',
  );

  // Live: new messages extend the series.
  await publish(`/topic/${topic}`, (i) => JSON.stringify({ i: 200 + i }), { count: 5 });
  await expect(chart).toContainText('body.i: last 204, min 1, max 204 (105 points)');

  const filter = pane.root.getByRole('textbox', { name: 'Filter' });
  await filter.fill('body.i > 50');
  await expect(pane.root.getByLabel('Filter matches')).toHaveText('55 of 105');
  await pane.detail.getByRole('button', { name: 'Close detail' }).click();
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await expect(chart.locator('canvas')).toBeVisible();
    await saveScreenshot(page, 'field-chart');
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The filter and the charted field are part of the workspace: a reload brings both back.
  await page.reload();
  const restored = dashboard.pane('chart-pane');
  await expect(restored.root.getByRole('textbox', { name: 'Filter' })).toHaveValue('body.i > 50');
  const restoredChart = restored.root.getByRole('figure', { name: 'Field chart' });
  await expect(restoredChart).toContainText('body.i: no values yet');
  await dashboard.connect();
  await restored.expectSubscribed();
  await publish(`/topic/${topic}`, (i) => JSON.stringify({ i: 300 + i }), { count: 3 });
  await expect(restoredChart).toContainText('body.i: last 302, min 300, max 302 (3 points)');
  await expect(restored.root.getByLabel('Filter matches')).toHaveText('3 of 3');

  // A series can be removed, and the chart goes with its last one.
  await restoredChart.getByRole('button', { name: 'Remove chart body.i' }).click();
  await expect(restored.root.getByRole('figure', { name: 'Field chart' })).toHaveCount(0);
});
