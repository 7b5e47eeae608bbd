import { test, expect } from './fixtures';
import { publish, uniqueName } from './support/stomp-node';
import { saveScreenshot } from './support/workspace';

test('a pane behind a stuck consumer shows its backlog growing in the broker, then "falling behind" in plain words; Pause tells page and broker apart', async ({
  dashboard,
  page,
}) => {
  test.setTimeout(120_000);
  const key = uniqueName('lag');
  await dashboard.connect();
  // client-individual with prefetch-count 1 and nobody acking: after the first message the
  // broker holds everything else for this pane, ready in its queue.
  await dashboard.openOptions(dashboard.subscribeForm);
  await dashboard.subscribeForm.getByRole('textbox', { name: 'prefetch-count' }).fill('1');
  const pane = await dashboard.subscribe(
    `/exchange/amq.topic/${key}.#`,
    `${key}-pane`,
    'client-individual',
  );
  await pane.expectSubscribed();
  const backlog = pane.root.getByLabel('Broker backlog', { exact: true });

  // Keep publishing until the header calls it out: it needs 10 s of growth across polls. The
  // queue starts empty, which the header does not show ("0 waiting" says nothing).
  await expect(backlog).toHaveCount(0);
  const seen: number[] = [0];
  await expect
    .poll(
      async () => {
        await publish(`/exchange/amq.topic/${key}.x`, (i) => `lag ${i}`, { count: 25 });
        const text = (await backlog.textContent().catch(() => null)) ?? '';
        const waiting = /([\d,]+) waiting in the broker/.exec(text)?.[1];
        if (waiting) seen.push(Number(waiting.replace(/,/g, '')));
        return text;
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toMatch(/^falling behind: [\d,]+ waiting in the broker · (just now|\d+ s ago)$/);
  expect(seen.length).toBeGreaterThan(1);
  expect(seen[seen.length - 1]!).toBeGreaterThan(seen[0]!);
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    await expect(backlog).toBeVisible();
    await saveScreenshot(page, 'pane-lag');
  }

  await pane.root.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(pane.root).toContainText(/\d+ waiting in the page · [\d,]+ in the broker/);
});
