import { test, expect } from './fixtures';
import { uniqueName } from './support/stomp-node';

test.describe('the destination builder follows the Destination box', () => {
  test('typing a destination updates the Subscribe builder, and the builder writes the box', async ({
    dashboard,
  }) => {
    const form = dashboard.subscribeForm;
    const box = dashboard.destination(form);
    await dashboard.openOptions(form);
    const kind = form.getByRole('combobox', { name: 'Kind', exact: true });

    await box.fill('/queue/jobs');
    await expect(kind).toHaveValue('queue');
    await expect(form.getByRole('textbox', { name: 'Queue name', exact: true })).toHaveValue(
      'jobs',
    );

    await box.fill('/exchange/amq.topic/orders.*.*');
    await expect(kind).toHaveValue('exchange');
    await expect(form.getByRole('textbox', { name: 'Exchange', exact: true })).toHaveValue(
      'amq.topic',
    );
    await expect(
      form.getByRole('textbox', { name: 'Routing-key pattern', exact: true }),
    ).toHaveValue('orders.*.*');

    await box.fill('/topic/x.*');
    await expect(kind).toHaveValue('topic');
    await expect(
      form.getByRole('textbox', { name: 'Routing-key pattern', exact: true }),
    ).toHaveValue('x.*');

    await box.fill('/amq/queue/q');
    await expect(kind).toHaveValue('amq-queue');
    await expect(form.getByRole('textbox', { name: 'Queue name', exact: true })).toHaveValue('q');

    // And back: the builder fills the box from what it shows.
    await kind.selectOption('queue');
    await expect(box).toHaveValue('/queue/q');
    await form.getByRole('textbox', { name: 'Queue name', exact: true }).fill('jobs-2');
    await expect(box).toHaveValue('/queue/jobs-2');
  });

  test('a destination typed into the box is what gets subscribed, with the builder in step', async ({
    dashboard,
  }) => {
    const topic = uniqueName('typed');
    await dashboard.connect();
    await dashboard.openOptions(dashboard.subscribeForm);
    const pane = await dashboard.subscribe(`/topic/${topic}.*`, uniqueName('typed'));
    await pane.expectSubscribed();
    await expect(
      dashboard.subscribeForm.getByRole('combobox', { name: 'Kind', exact: true }),
    ).toHaveValue('topic');
    await expect(
      dashboard.subscribeForm.getByRole('textbox', { name: 'Routing-key pattern', exact: true }),
    ).toHaveValue(`${topic}.*`);
  });

  test('the Send builder follows the Send destination too', async ({ dashboard }) => {
    const form = dashboard.sendForm;
    await dashboard.openOptions(form);
    await dashboard.destination(form).fill('/queue/jobs');
    await expect(form.getByRole('combobox', { name: 'Kind', exact: true })).toHaveValue('queue');
    await expect(form.getByRole('textbox', { name: 'Queue name', exact: true })).toHaveValue(
      'jobs',
    );
  });

  for (const viewport of [
    { width: 1400, height: 1000 },
    { width: 390, height: 844 },
  ]) {
    test(`every select in Subscribe and Send shows its whole label at ${viewport.width} px`, async ({
      dashboard,
      page,
    }) => {
      await page.setViewportSize(viewport);
      // On phones the forms live in the Controls drawer.
      if (viewport.width < 768) await page.getByRole('button', { name: 'Show controls' }).click();
      for (const form of [dashboard.subscribeForm, dashboard.sendForm]) {
        await dashboard.openOptions(form);
        const selects = form.getByRole('combobox');
        expect(await selects.count()).toBeGreaterThan(0);
        for (const select of await selects.all()) {
          // Chromium sizes a select of width max-content to its widest option plus the arrow.
          const fit = await select.evaluate((element) => {
            const node = element as HTMLSelectElement;
            const shown = node.getBoundingClientRect().width;
            node.style.width = 'max-content';
            const needed = node.getBoundingClientRect().width;
            node.style.width = '';
            return {
              label: node.labels?.[0]?.firstChild?.textContent ?? '',
              shown: Math.round(shown),
              needed: Math.round(needed),
            };
          });
          expect
            .soft(fit.shown, `"${fit.label}" is as wide as its widest option`)
            .toBeGreaterThanOrEqual(fit.needed);
        }
      }
    });
  }
});
