import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { credentials, managementUrl } from './support/stomp-node';
import { demoPanes, runDemo } from './support/workspace';

const authorization = `Basic ${Buffer.from(`${credentials.login}:${credentials.passcode}`).toString('base64')}`;

async function managementList(path: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${managementUrl}/api/${path}`, { headers: { authorization } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>[];
}

/** What the broker still holds of the demos with these tags: their shared queue and their topic bindings. */
async function leftovers(tags: string[]): Promise<string[]> {
  const queues = (await managementList('queues/%2F')).map((queue) => String(queue.name));
  const bindings = (await managementList('bindings/%2F')).map((binding) =>
    String(binding.routing_key),
  );
  return [...queues, ...bindings].filter((name) =>
    tags.some((tag) => name === `demo-jobs-${tag}` || name.startsWith(`demo-${tag}.`)),
  );
}

const demoTag = async (page: Page) =>
  ((await demoPanes(page)[0]!.getAttribute('aria-label')) ?? '').replace(
    'Subscription queue-A-',
    '',
  );

test('the demo run twice, then Remove demo, leaves nothing it declared on the broker, and each run gets a clean matrix', async ({
  dashboard,
  page,
}) => {
  await dashboard.connect();
  await runDemo(page);
  const first = await demoTag(page);
  // Its queue (listed again as its default-exchange binding) and the two topic bindings.
  await expect.poll(() => leftovers([first])).toHaveLength(4);

  // A second run starts clean: four panes, a matrix of its own.
  await runDemo(page);
  const second = await demoTag(page);
  expect(second).not.toBe(first);
  await expect(dashboard.panes).toHaveCount(4);
  const delivery = await dashboard.routing('Delivery');
  await expect(delivery.getByRole('row', { name: /^10 → / })).toHaveCount(2);

  await page.getByRole('button', { name: 'Remove demo' }).click();
  await expect(dashboard.panes).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove demo' })).toHaveCount(0);
  await expect.poll(() => leftovers([first, second]), { timeout: 30_000 }).toEqual([]);
  await expect(delivery.getByRole('row', { name: /^10 → / })).toHaveCount(0);
});
