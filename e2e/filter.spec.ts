import { test, expect } from './fixtures';
import { publish, uniqueName } from './support/stomp-node';

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
