import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { createBrokerUser, uniqueName } from './support/stomp-node';

test('the passcode never lands in URLs, console logs, exports or storage unless asked to be remembered', async ({
  dashboard,
  page,
}) => {
  const user = uniqueName('secret-user');
  const passcode = `pw-${uniqueName('very-secret')}`;
  await createBrokerUser(user, passcode);
  const seen: string[] = [];
  page.on('request', (request) => seen.push(request.url()));
  page.on('websocket', (socket) => seen.push(socket.url()));
  page.on('console', (message) => seen.push(message.text()));

  await page.getByRole('textbox', { name: 'Login' }).fill(user);
  await page.getByLabel('Passcode', { exact: true }).fill(passcode);
  await dashboard.connect();
  const topic = uniqueName('secret');
  const pane = await dashboard.subscribe(`/topic/${topic}`, 'secret-pane');
  await pane.expectSubscribed();
  // The topology panel calls the management route with the login: it must not be in the URL.
  await expect(
    (await dashboard.routing('Topology')).getByRole('status', { name: 'Topology status' }),
  ).toContainText('From the management API');
  await dashboard.send({ destination: `/topic/${topic}`, body: 'hello' });
  await pane.expectCount(1);

  const workspaceDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export workspace' }).click();
  const workspace = await readFile(await (await workspaceDownload).path(), 'utf8');
  const ndjsonDownload = page.waitForEvent('download');
  await pane.root.getByRole('button', { name: 'Export NDJSON' }).click();
  const ndjson = await readFile(await (await ndjsonDownload).path(), 'utf8');
  const storage = await page.evaluate(() =>
    JSON.stringify({ ...window.localStorage, ...window.sessionStorage }),
  );

  expect(seen.length).toBeGreaterThan(0);
  expect(page.url()).not.toContain(passcode);
  for (const text of [...seen, workspace, ndjson, storage]) expect(text).not.toContain(passcode);
  expect(workspace).toContain(user);

  // Remembering is opt-in, warned about, and undone by unticking.
  await dashboard.openConnectionForm();
  await page.getByRole('checkbox', { name: 'Remember passcode on this device' }).check();
  await expect(page.getByRole('note')).toContainText('plain text');
  expect(await page.evaluate(() => JSON.stringify(window.localStorage))).toContain(passcode);
  await page.reload();
  await expect(page.getByLabel('Passcode', { exact: true })).toHaveValue(passcode);
  await page.getByRole('checkbox', { name: 'Remember passcode on this device' }).uncheck();
  expect(await page.evaluate(() => JSON.stringify(window.localStorage))).not.toContain(passcode);
});
