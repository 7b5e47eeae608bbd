import { test, expect } from './fixtures';
import { uniqueName } from './support/stomp-node';

test.describe('sending by hand', () => {
  test('the exact body and custom headers arrive in a pane', async ({ dashboard }) => {
    const topic = uniqueName('exact');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'exact');
    await pane.expectSubscribed();
    const body = 'héllo wörld ✓ — "quoted" <tag>';
    await dashboard.send({
      destination: `/topic/${topic}`,
      body,
      headers: 'x-trace: abc:123\nx-team: payments',
      contentType: 'text/plain',
    });
    await expect(dashboard.sendStatus).toContainText('sent 1 of 1');
    await pane.expectCount(1);
    await pane.messages.getByRole('listitem').first().getByRole('button').first().click();
    await expect(pane.root.getByRole('row', { name: /x-trace/ })).toContainText('abc:123');
    await expect(pane.root.getByRole('row', { name: /x-team/ })).toContainText('payments');
    await expect(pane.root.getByRole('row', { name: /content-type/ })).toContainText('text/plain');
    await expect(pane.root.locator('pre')).toHaveText(body);
  });

  test('a hex body arrives byte for byte and shows as hex', async ({ dashboard }) => {
    const topic = uniqueName('hex');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'hex');
    await pane.expectSubscribed();
    await dashboard.send({
      destination: `/topic/${topic}`,
      body: '00 ff 10 80 fe 48 69 00',
      encoding: 'hex',
    });
    await pane.expectCount(1);
    await pane.messages.getByRole('listitem').first().getByRole('button').first().click();
    await expect(pane.root.locator('pre')).toContainText('00 ff 10 80 fe 48 69 00');
    await expect(pane.root).toContainText('binary');
    await expect(pane.root).toContainText('8 B');
  });

  test('invalid JSON with a JSON content-type is caught before sending', async ({ dashboard }) => {
    const topic = uniqueName('json');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'json');
    await pane.expectSubscribed();
    await dashboard.fillSend({
      destination: `/topic/${topic}`,
      body: '{"order": 1,}',
      contentType: 'application/json',
    });
    await expect(dashboard.sendForm.getByLabel('JSON check')).not.toHaveText('valid JSON');
    await dashboard.sendForm.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(dashboard.sendStatus).toContainText('Nothing was sent');
    await dashboard.fillSend({
      destination: `/topic/${topic}`,
      body: '{"order": 2}',
      contentType: 'application/json',
    });
    await expect(dashboard.sendForm.getByLabel('JSON check')).toHaveText('valid JSON');
    await dashboard.sendForm.getByRole('button', { name: 'Send', exact: true }).click();
    await pane.expectCount(1);
    expect(await pane.countValue()).toBe(1);
  });

  test('Repeat 10,000 reaches 100% and the pane counts 10,000', async ({ dashboard }) => {
    const topic = uniqueName('bulk');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'bulk');
    await pane.expectSubscribed();
    await dashboard.send({ destination: `/topic/${topic}`, body: 'message {{i}}', repeat: 10_000 });
    await expect(dashboard.sendStatus).toContainText('sent 10000 of 10000', { timeout: 60_000 });
    await expect(
      dashboard.sendForm.getByRole('progressbar', { name: 'Send progress' }),
    ).toHaveAttribute('aria-valuenow', '100');
    await pane.expectCount(10_000);
  });

  test('Cancel stops a run part-way: the count stays below N and stops growing', async ({
    dashboard,
  }) => {
    const topic = uniqueName('cancel');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'cancel');
    await pane.expectSubscribed();
    await dashboard.send({
      destination: `/topic/${topic}`,
      body: 'slow {{i}}',
      repeat: 100_000,
      rate: 500,
    });
    await expect.poll(() => pane.countValue()).toBeGreaterThan(50);
    await dashboard.sendForm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(dashboard.sendStatus).toContainText('cancelled');
    const sent = Number(
      /sent (\d+) of 100000/.exec((await dashboard.sendStatus.textContent()) ?? '')?.[1],
    );
    expect(sent).toBeLessThan(100_000);
    await pane.expectCount(sent);
    // A marker sent after the cancel on the same connection arrives after anything still in
    // flight: when it is the only message beyond `sent`, the cancelled run has stopped.
    await dashboard.send({ destination: `/topic/${topic}`, body: 'marker after cancel' });
    await pane.expectCount(sent + 1);
    await expect(pane.messages.getByRole('listitem').first()).toContainText('marker after cancel');
  });

  test('persistent with a receipt reports confirmed', async ({ dashboard }) => {
    const queue = uniqueName('durable');
    await dashboard.connect();
    await dashboard.send({
      destination: `/queue/${queue}`,
      body: 'keep me',
      persistent: true,
      receipt: true,
    });
    await expect(dashboard.sendStatus).toContainText('confirmed: sent 1 of 1');
    await expect(dashboard.sendStatus).toContainText('1 confirmed');
  });

  test('a send the broker refuses shows the reason while panes keep receiving', async ({
    dashboard,
  }) => {
    const topic = uniqueName('alive');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'alive');
    await pane.expectSubscribed();
    await dashboard.send({
      destination: `/exchange/${uniqueName('no-such-exchange')}/k`,
      body: 'lost',
    });
    await expect(dashboard.sendStatus).toContainText('failed', { timeout: 30_000 });
    await expect(dashboard.sendStatus).toContainText('exchange');
    await expect(pane.status).toContainText('subscribed');
    await dashboard.send({ destination: `/topic/${topic}`, body: 'still here', repeat: 3 });
    await pane.expectCount(3);
  });
});
