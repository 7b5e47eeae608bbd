import { test, expect } from '../fixtures';
test('timing 8mb', async ({ dashboard, page }) => {
  const t0 = Date.now();
  const lap = (s: string) => console.log(s, Date.now() - t0);
  await dashboard.connect(); lap('connect');
  const pane = await dashboard.subscribe('/topic/timing-x', 'timing'); await pane.expectSubscribed(); lap('sub');
  const body = dashboard.sendForm.getByRole('textbox', { name: 'Message body' });
  await body.fill('x'.repeat(8 * 1024 * 1024)); lap('fill');
  await dashboard.sendForm.getByRole('textbox', { name: 'Destination' }).fill('/topic/timing-x'); lap('dest');
  await dashboard.sendForm.getByRole('button', { name: 'Send', exact: true }).click(); lap('click');
  await expect(dashboard.sendStatus).toContainText('sent 1 of 1', { timeout: 60000 }); lap('sent');
  await pane.expectCount(1); lap('count');
  await pane.messages.getByRole('listitem').first().getByRole('button').first().click(); lap('expand');
  await expect(pane.root).toContainText('8.0 MiB'); lap('shown');
});
