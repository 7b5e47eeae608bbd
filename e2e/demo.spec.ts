import { test, expect } from './fixtures';
import { credentials, managementUrl } from './support/stomp-node';
import { demoPanes, runDemo } from './support/workspace';

const authorization = `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`;

async function managementList(path: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${managementUrl}/api/${path}`, { headers: { authorization } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>[];
}

/** The topic bindings the demos with these tags still have on the broker (one per fan-out pane). */
async function leftoverBindings(tags: string[]): Promise<string[]> {
  const bindings = (await managementList('bindings/%2F')).map((binding) => String(binding.routing_key));
  return bindings.filter((key) => tags.some((tag) => key.startsWith(`demo-${tag}.`)));
}

const demoTag = async (page: import('@playwright/test').Page) =>
  ((await demoPanes(page)[0]!.getAttribute('aria-label')) ?? '').replace('Subscription queue-A-', '');

test('the demo run twice starts clean each time, and Remove demo takes its panes, rows and topic queues away', async ({ dashboard, page }) => {
  await dashboard.connect();
  await runDemo(page);
  const first = await demoTag(page);
  await expect.poll(() => leftoverBindings([first])).toHaveLength(2);

  // A second run starts clean: four panes, a matrix of its own.
  await runDemo(page);
  const second = await demoTag(page);
  expect(second).not.toBe(first);
  await expect(page.getByRole('main', { name: 'Panes' }).getByRole('region', { name: /^Subscription / })).toHaveCount(4);
  const delivery = await dashboard.routing('Delivery');
  await expect(delivery.getByRole('row', { name: /^10 → / })).toHaveCount(2);

  await page.getByRole('button', { name: 'Remove demo' }).click();
  await expect(page.getByRole('main', { name: 'Panes' }).getByRole('region', { name: /^Subscription / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove demo' })).toHaveCount(0);
  await expect.poll(() => leftoverBindings([first, second]), { timeout: 20_000 }).toEqual([]);
  await expect(delivery.getByRole('row', { name: /^10 → / })).toHaveCount(0);
});
