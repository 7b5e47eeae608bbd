import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { publish, uniqueName } from './support/stomp-node';

test.describe('pane actions', () => {
  test('client-individual acks honour prefetch-count; Ack, Nack without requeue and Ack all settle messages', async ({
    dashboard,
  }) => {
    const queue = uniqueName('acks');
    await dashboard.connect();
    const form = dashboard.subscribeForm;
    await form.locator('details summary').click();
    await form.getByRole('textbox', { name: 'prefetch-count' }).fill('3');
    const pane = await dashboard.subscribe(`/queue/${queue}`, 'acker', 'client-individual');
    await pane.expectSubscribed();
    await publish(`/queue/${queue}`, (i) => `job ${i}`, { count: 6 });
    // Only prefetch-count messages are delivered until some are acknowledged.
    await pane.expectCount(3);
    await expect(pane.root.getByLabel('Unacked', { exact: true })).toHaveText(
      'prefetch 3 · 3 unacked',
    );

    const rows = pane.messages.getByRole('listitem');
    await rows
      .filter({ hasText: 'job 0' })
      .getByRole('button', { name: 'Ack', exact: true })
      .click();
    await pane.expectCount(4);
    await pane.root.getByRole('checkbox', { name: 'Requeue' }).uncheck();
    await rows
      .filter({ hasText: 'job 1' })
      .getByRole('button', { name: 'Nack', exact: true })
      .click();
    await pane.expectCount(5);
    await pane.root.getByRole('button', { name: 'Ack all' }).click();
    await pane.expectCount(6);
    await pane.root.getByRole('button', { name: 'Ack all' }).click();
    await expect(pane.root.getByLabel('Unacked', { exact: true })).toHaveText(
      'prefetch 3 · 0 unacked',
    );
  });

  test('Export NDJSON writes headers and bodies, base64 for binary', async ({
    dashboard,
    page,
  }) => {
    const topic = uniqueName('export');
    await dashboard.connect();
    const pane = await dashboard.subscribe(`/topic/${topic}`, 'exporter');
    await pane.expectSubscribed();
    await publish(`/topic/${topic}`, ['{"a":1}', 'plain text'], { headers: { 'x-export': 'yes' } });
    await dashboard.send({ destination: `/topic/${topic}`, body: 'ff 00 fe', encoding: 'hex' });
    await pane.expectCount(3);
    const download = page.waitForEvent('download');
    await pane.root.getByRole('button', { name: 'Export NDJSON' }).click();
    const file = await (await download).path();
    const [first, ...lines] = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The same format as a recording: a line describing the capture, then the messages.
    expect(first).toMatchObject({
      format: 'stompwatch-capture',
      version: 1,
      pane: { id: 'exporter', destination: `/topic/${topic}` },
    });
    expect(lines).toHaveLength(3);
    const bodies = lines.map((line) => line.body ?? `base64:${String(line.bodyBase64)}`);
    expect(bodies).toEqual(expect.arrayContaining(['{"a":1}', 'plain text', 'base64:/wD+']));
    const withHeader = lines.find((line) => line.body === 'plain text');
    expect((withHeader?.headers as Record<string, string>)['x-export']).toBe('yes');
  });

  test('send history refills the form in one click; named templates are saved and reused', async ({
    dashboard,
    page,
  }) => {
    const topic = uniqueName('hist');
    await dashboard.connect();
    await dashboard.send({
      destination: `/topic/${topic}.first`,
      body: 'first body',
      headers: 'x-n: 1',
    });
    await expect(dashboard.sendStatus).toContainText('sent 1 of 1');
    const panel = page.getByText(/^History \(\d+\) and templates/);
    await panel.click();
    await page.getByRole('textbox', { name: 'Template name' }).fill('my template');
    await page.getByRole('button', { name: 'Save as template' }).click();

    await dashboard.fillSend({ destination: `/topic/${topic}.other`, body: 'changed' });
    await page
      .getByRole('list', { name: 'Send history' })
      .getByRole('button', { name: 'Use' })
      .first()
      .click();
    const form = dashboard.sendForm;
    await expect(dashboard.destination(form)).toHaveValue(`/topic/${topic}.first`);
    await expect(form.getByRole('textbox', { name: 'Message body' })).toHaveValue('first body');
    await expect(form.getByRole('textbox', { name: 'Headers' })).toHaveValue('x-n: 1');

    await dashboard.fillSend({ destination: `/topic/${topic}.other`, body: 'changed again' });
    await page.reload();
    await page.getByText(/^History \(\d+\) and templates/).click();
    await page.getByRole('button', { name: 'Use my template' }).click();
    await expect(form.getByRole('textbox', { name: 'Message body' })).toHaveValue('first body');
  });

  test('the workspace exports and imports as a JSON file', async ({ dashboard, page }) => {
    const topic = uniqueName('ws');
    await dashboard.connect();
    await dashboard.subscribe(`/topic/${topic}`, 'ws-pane', 'client');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export workspace' }).click();
    const text = await readFile(await (await download).path(), 'utf8');
    expect(text).toContain('ws-pane');
    expect(text).not.toContain('passcode');
    await page
      .getByRole('region', { name: 'Subscription ws-pane' })
      .getByRole('button', { name: 'Unsubscribe' })
      .click();
    await expect(page.getByRole('region', { name: 'Subscription ws-pane' })).toHaveCount(0);
    await page
      .getByLabel('Workspace file')
      .setInputFiles({ name: 'w.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(page.getByRole('status', { name: 'Workspace status' })).toContainText(
      'Imported 1 pane',
    );
    await dashboard.pane('ws-pane').expectSubscribed();
  });
});
