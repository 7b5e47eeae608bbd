import { test, expect } from './fixtures';
import { collect, nodeClient, publish, uniqueName } from './support/stomp-node';
import { saveScreenshot } from './support/workspace';

// One page and one connection for the whole file: each step works on its own pane and topic.
test('resend, edit and resend, and the diff of two messages', async ({ dashboard, page }) => {
  await dashboard.connect();

  await test.step('Resend sends a binary message again, byte for byte, on its routing key', async () => {
    const topic = uniqueName('resend');
    const pane = await dashboard.subscribe(`/exchange/amq.topic/${topic}.#`, 'resender');
    await pane.expectSubscribed();
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x80, 0x0a, 0x41, 0xc3]);
    const client = await nodeClient();
    try {
      const receipt = `r-${topic}`;
      const done = new Promise<void>((resolve) => client.watchForReceipt(receipt, () => resolve()));
      client.publish({
        destination: `/exchange/amq.topic/${topic}.bin`,
        binaryBody: bytes,
        headers: { 'x-kind': 'binary', 'content-type': 'application/octet-stream', receipt },
      });
      await done;
    } finally {
      await client.deactivate();
    }
    await pane.expectCount(1);
    // A consumer bound to exactly the message's routing key proves where the resend went.
    const exact = await collect(`/topic/${topic}.bin`);
    try {
      await pane.row(1).click();
      await pane.detail.getByRole('button', { name: 'Resend', exact: true }).click();
      await expect(pane.detail.getByText(/^Resent #1 to \/exchange\/amq\.topic\//)).toContainText(
        'message-id',
      );
      await pane.expectCount(2);
      await expect.poll(() => exact.messages.length).toBe(1);
      const got = exact.messages[0]!;
      expect([...got.binaryBody]).toEqual([...bytes]);
      expect(got.headers['x-kind']).toBe('binary');
      expect(got.headers['content-type']).toBe('application/octet-stream');
      expect(got.headers['content-length']).toBe(String(bytes.length));
    } finally {
      await exact.close();
    }
  });

  await test.step('Edit and resend fills the Send form; a changed header arrives', async () => {
    const topic = uniqueName('edit');
    const pane = await dashboard.subscribe(`/topic/${topic}.*`, 'editor');
    await pane.expectSubscribed();
    await publish(`/topic/${topic}.json`, ['{"order":{"id":7,"total":12.5}}'], {
      headers: { 'x-trace': 'one', 'content-type': 'application/json' },
    });
    await pane.expectCount(1);
    await pane.row(1).click();
    await pane.detail.getByRole('button', { name: 'Edit and resend' }).click();
    const form = dashboard.sendForm;
    await expect(form.getByRole('textbox', { name: 'Destination', exact: true })).toHaveValue(
      `/topic/${topic}.json`,
    );
    await expect(form.getByRole('textbox', { name: 'Message body', exact: true })).toHaveValue(
      '{"order":{"id":7,"total":12.5}}',
    );
    await expect(form.getByRole('combobox', { name: 'Encoding', exact: true })).toHaveValue('json');
    const headers = form.getByRole('textbox', { name: 'Headers', exact: true });
    await expect(headers).toHaveValue(/x-trace: one/);
    await expect(headers).not.toHaveValue(/message-id|subscription|destination/);
    await expect(form.getByLabel('Resend note')).toContainText(
      'Left out, as the broker or STOMP set them for this delivery: ',
    );
    await expect(form.getByLabel('Resend note')).toContainText('message-id');
    await expect(form.getByRole('region', { name: 'Delivery preview' })).toContainText('editor');
    await headers.fill((await headers.inputValue()).replace('x-trace: one', 'x-trace: two'));
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await pane.expectCount(2);
    await pane.row(2).click();
    await expect(pane.detail.getByRole('row', { name: /x-trace/ })).toContainText('two');
  });

  await test.step('Compare two JSON messages across panes: the diff shows the changed field', async () => {
    // Two panes side by side, as an operator would compare them.
    for (const id of ['resender', 'editor']) {
      await dashboard.pane(id).root.getByRole('button', { name: 'Unsubscribe' }).click();
      await expect(dashboard.pane(id).root).toHaveCount(0);
    }
    const topic = uniqueName('diff');
    const first = await dashboard.subscribe(`/topic/${topic}.a`, 'diff-a');
    const second = await dashboard.subscribe(`/topic/${topic}.b`, 'diff-b');
    await first.expectSubscribed();
    await second.expectSubscribed();
    await publish(`/topic/${topic}.a`, ['{"order":{"id":7,"total":12.5,"tags":["eu"]}}'], {
      headers: { 'x-trace': 'one', 'x-only-a': 'a' },
    });
    await publish(`/topic/${topic}.b`, ['{"order":{"id":7,"total":99,"tags":["eu"]}}'], {
      headers: { 'x-trace': 'two', 'x-only-b': 'b' },
    });
    await first.expectCount(1);
    await second.expectCount(1);
    await first.row(1).click();
    await first.detail.getByRole('button', { name: 'Compare' }).click();
    await second.row(1).click();
    await second.detail.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByRole('region', { name: 'Message diff' });
    await expect(diff).toContainText('#1 of diff-a → #1 of diff-b');
    await expect(diff.getByRole('row', { name: /x-trace/ })).toContainText('changed');
    await expect(diff.getByRole('row', { name: /x-trace/ })).toContainText('two');
    await expect(diff.getByRole('row', { name: /x-only-a/ })).toContainText('removed');
    await expect(diff.getByRole('row', { name: /x-only-b/ })).toContainText('added');
    await expect(diff).toContainText('Body: JSON, pretty-printed, by line');
    await expect(diff).toContainText('-     "total": 12.5,');
    await expect(diff).toContainText('+     "total": 99,');
    await expect(diff).not.toContainText('-     "id": 7');
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await expect(diff).toBeVisible();
      await saveScreenshot(page, 'message-diff');
    }
    await diff.getByRole('button', { name: 'Close diff' }).click();
    await expect(diff).toHaveCount(0);
  });
});
