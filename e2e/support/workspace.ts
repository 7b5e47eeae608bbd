import { expect, type Locator, type Page } from '@playwright/test';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The element's box, which must exist (the element is rendered). */
export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no box for ${locator}`);
  return box;
}

/** Whether `inner` lies entirely inside `outer` (half a pixel of rounding allowed). */
export function inside(inner: Box, outer: Box): boolean {
  const slack = 0.5;
  return (
    inner.x >= outer.x - slack &&
    inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack &&
    inner.y + inner.height <= outer.y + outer.height + slack
  );
}

export function viewportBox(page: Page): Box {
  const size = page.viewportSize();
  if (!size) throw new Error('no viewport');
  return { x: 0, y: 0, ...size };
}

/** The four panes of the demo, by their id prefixes, in the order the demo adds them. */
export function demoPanes(page: Page): Locator[] {
  return ['queue-A-', 'queue-B-', 'fan-C-', 'fan-D-'].map((prefix) =>
    page.getByRole('region', { name: new RegExp(`^Subscription ${prefix}`) }),
  );
}

/** Connects and runs the demo, waiting until both of its sends are settled in the matrix. */
export async function runDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Competing consumers vs fan-out' }).click();
  await expect(page.getByText('Demo sent:')).toBeVisible({ timeout: 30_000 });
  for (const pane of demoPanes(page)) {
    await expect(pane.getByLabel('Message count', { exact: true })).toHaveText(/^(5|10)$/);
  }
}

/** Saves a screenshot for review (git-ignored) under test-results/screenshots/. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.screenshot({
    path: `test-results/screenshots/${name}-${size?.width}x${size?.height}.png`,
  });
}
