import { test, expect } from './fixtures';
import { publish, uniqueName } from './support/stomp-node';
import { saveScreenshot } from './support/workspace';

test('a filter expression narrows a pane by a field, and a bad one explains itself and changes nothing', async ({
  dashboard,
}) => {
  await dashboard.connect();
  const topic = uniqueName('expr');
  const pane = await dashboard.subscribe(`/topic/${topic}`, 'expr-pane');
  await pane.expectSubscribed();
  await publish(
    `/topic/${topic}`,
    (i) => JSON.stringify({ i: i + 1, region: i % 2 ? 'eu' : 'us' }),
    {
      count: 10,
      headers: { 'content-type': 'application/json' },
    },
  );
  await pane.expectCount(10);
  const filter = pane.root.getByRole('textbox', { name: 'Filter' });
  const rows = pane.messages.getByRole('listitem');

  await filter.fill('body.i > 5');
  await expect(pane.root.getByText('expr', { exact: true })).toBeVisible();
  await expect(rows).toHaveCount(5);
  await expect(pane.root.getByLabel('Filter matches')).toHaveText('5 of 10');

  await filter.fill('body.i > 5 && body.region == "eu"');
  await expect(pane.root.getByLabel('Filter matches')).toHaveText('3 of 10');

  // An error names its position; the list keeps the last valid filter.
  await filter.fill('body.i > 5 && (body.region == "eu"');
  await expect(pane.root.getByRole('alert')).toContainText('at 35: expected ")"');
  await expect(filter).toHaveAttribute('aria-invalid', 'true');
  await expect(pane.root.getByLabel('Filter matches')).toHaveText('3 of 10');
  await expect(rows).toHaveCount(3);

  // Plain text still searches as before.
  await filter.fill('"region":"us"');
  await expect(pane.root.getByRole('alert')).toHaveCount(0);
  await expect(pane.root.getByLabel('Filter matches')).toHaveText('5 of 10');
});

test('the JSON tree in a message detail expands and copies a path that works as a filter', async ({
  dashboard,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await dashboard.connect();
  const topic = uniqueName('tree');
  const pane = await dashboard.subscribe(`/topic/${topic}`, 'tree-pane');
  await pane.expectSubscribed();
  await publish(
    `/topic/${topic}`,
    [JSON.stringify({ order: { total: 150, 'line items': [{ sku: 'A-1' }] } })],
    {
      headers: { 'content-type': 'application/json' },
    },
  );
  await pane.expectCount(1);
  const row = pane.messages.getByRole('listitem').first();
  await row.getByRole('button').first().click();
  const detail = pane.detail;
  await detail
    .getByRole('group', { name: 'Body view' })
    .getByRole('button', { name: 'Tree' })
    .click();
  const tree = detail.getByRole('list', { name: 'JSON tree' });
  await tree.getByRole('button', { name: 'Expand body.order' }).click();
  await expect(
    tree.getByRole('button', { name: 'Expand body.order["line items"]' }),
  ).toHaveAttribute('aria-expanded', 'false');
  await tree.getByRole('button', { name: 'Expand body.order["line items"]' }).click();
  await tree.getByRole('button', { name: 'Expand body.order["line items"][0]' }).click();
  await expect(tree).toContainText('"A-1"');
  await saveScreenshot(page, 'json-tree');
  await tree.getByRole('button', { name: 'Copy path body.order.total' }).click();
  await expect(detail).toContainText('Path copied: body.order.total');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('body.order.total');
  // The copied path is a filter expression as it stands.
  await pane.root.getByRole('textbox', { name: 'Filter' }).fill('body.order.total == 150');
  await expect(pane.root.getByLabel('Filter matches')).toHaveText('1 of 1');
});
