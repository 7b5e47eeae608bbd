import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { runDemo, saveScreenshot } from './support/workspace';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's WCAG 2.1 A and AA rules over the whole page; each violation named with its nodes. */
async function audit(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.nodes.length}): ${violation.help} — ${violation.nodes
        .slice(0, 3)
        .map(
          (node) =>
            `${node.target.join(' ')} ${node.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`,
        )
        .join(' | ')}`,
  );
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no WCAG 2.1 A/AA violation in ${scheme} mode, on first load and after the demo`, async ({
    dashboard,
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
    expect(await audit(page), 'first load').toEqual([]);

    await dashboard.connect();
    await runDemo(page);
    await saveScreenshot(page, `demo-${scheme}`);
    expect(await audit(page), 'after the demo').toEqual([]);
  });
}
