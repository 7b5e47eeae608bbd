import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { exportPane } from './support/private-broker';
import { uniqueName } from './support/stomp-node';
import { saveScreenshot } from './support/workspace';

/** Runs `npm run send -- …` as a terminal would (scripts/send.ts under tsx). */
function sendCli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/send.ts', ...args], {
      env: process.env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

// One page for the whole file: record once, then replay the same capture from the page and the terminal.
test('record 1,000 messages, replay them at ×10, refuse a bad capture, replay from a terminal', async ({
  dashboard,
  page,
}) => {
  test.setTimeout(120_000);
  await dashboard.connect();
  const topic = uniqueName('cap');
  const recorder = await dashboard.subscribe(`/topic/${topic}.#`, 'recorder');
  const replayed = await dashboard.subscribe(`/topic/${topic}-replayed`, 'replayed');
  await recorder.expectSubscribed();
  await replayed.expectSubscribed();
  let capturePath = '';

  await test.step('Record, then Stop recording offers the capture file', async () => {
    await recorder.root.getByRole('button', { name: 'Record', exact: true }).click();
    await expect(recorder.root.getByLabel('Recording status')).toContainText(
      'recording 0 messages',
    );
    await dashboard.send({
      destination: `/topic/${topic}.orders`,
      body: 'order {{i}}',
      repeat: 1000,
      headers: 'x-test: kept\nx-ünï: välüe',
    });
    await recorder.expectCount(1000);
    await expect(recorder.root.getByLabel('Recording status')).toContainText(
      'recording 1,000 messages',
    );
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await recorder.root.scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'capture-recording');
    }
    await page.setViewportSize({ width: 1400, height: 1000 });
    const download = page.waitForEvent('download');
    await recorder.root.getByRole('button', { name: 'Stop recording' }).click();
    capturePath = await (await download).path();
    await expect(recorder.root.getByLabel('Recording status')).toContainText(
      'recorded 1,000 messages',
    );
    await expect(recorder.root.getByLabel('Recording status')).toContainText('stopped by you');
    const lines = (await readFile(capturePath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1001);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      format: 'stompwatch-capture',
      version: 1,
      pane: { id: 'recorder', destination: `/topic/${topic}.#` },
    });
  });

  const replay = dashboard.sendForm.locator('..');
  await test.step('Replay capture at ×10 into another pane: all 1,000, in order, with headers', async () => {
    await page.getByRole('button', { name: 'Replay capture' }).click();
    await page.getByLabel('Capture file').setInputFiles(capturePath);
    await expect(page.getByText(/^1,000 messages from recorder/)).toBeVisible();
    await page.getByRole('textbox', { name: 'Replay to' }).fill(`/topic/${topic}-replayed`);
    await page.getByRole('combobox', { name: 'Pacing' }).selectOption('speed');
    await page.getByRole('textbox', { name: 'Speed factor' }).fill('10');
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect(page.getByRole('status', { name: 'Replay status' })).toContainText(
      `Replaying 1,000 messages to /topic/${topic}-replayed at ×10`,
    );
    await replayed.expectCount(1000);
    await expect(dashboard.sendStatus).toContainText('sent 1000 of 1000');
    const got = await exportPane(page, replayed);
    expect(got.map((m) => m.body)).toEqual(
      Array.from({ length: 1000 }, (_, k) => `order ${k + 1}`),
    );
    expect(got.every((m) => m.headers['x-test'] === 'kept' && m.headers['x-ünï'] === 'välüe')).toBe(
      true,
    );
  });

  await test.step('A bad capture is refused with its line number, and nothing is sent', async () => {
    const good = (await readFile(capturePath, 'utf8')).split('\n');
    const bad = [good[0], good[1], '{"offsetMs":5,"routingKey":"x","headers":{}}', good[2]].join(
      '\n',
    );
    await page.getByLabel('Capture file').setInputFiles({
      name: 'bad.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(bad),
    });
    const alert = replay.getByRole('alert');
    await expect(alert).toContainText('bad.ndjson cannot be replayed; nothing was sent');
    await expect(alert).toContainText('line 3, field "body": missing');
    await expect(page.getByRole('button', { name: 'Start replay' })).toBeDisabled();
    await expect(replayed.count).toHaveText('1,000');
  });

  await test.step('npm run send -- --replay does the same from a terminal', async () => {
    const target = `/topic/${topic}-replayed`;
    const ok = await sendCli(['--replay', capturePath, '--to', target, '--speed', '10']);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`Replaying 1,000 messages to ${target} at ×10`);
    expect(ok.out).toMatch(/sent 1000 of 1000 to .*, 1000 confirmed/);
    await replayed.expectCount(2000);

    const badPath = test.info().outputPath('bad.ndjson');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(badPath, '{"format":"stompwatch-capture","version":9}\nnot json\n');
    const refused = await sendCli(['--replay', badPath, '--to', target]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('nothing was sent');
    expect(refused.err).toContain('line 2: not JSON');
    expect(refused.err).toMatch(/line 1, field "pane"/);
    await expect(replayed.count).toHaveText('2,000');
  });
});
