import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { RecordingListener } from './support/recording-listener';
import { createBrokerUser, uniqueName } from './support/stomp-node';

/** A workspace file as a colleague (or an attacker) would share it, naming their own broker. */
function foreignWorkspace(brokerUrl: string, login: string): string {
  const pane = (n: number, connection: 'own' | 'shared') => ({
    key: `pane-${n}`,
    subscriptionId: `imported-${n}`,
    destination: `/topic/imported-${n}`,
    ackMode: 'auto',
    queue: {},
    connection,
    capacity: 100,
  });
  return JSON.stringify({
    version: 1,
    connection: { brokerUrl, login, vhost: '/' },
    panes: [pane(1, 'own'), pane(2, 'shared')],
  });
}

async function importWorkspace(page: Page, text: string): Promise<void> {
  await page.getByLabel('Workspace file').setInputFiles({
    name: 'shared-workspace.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

async function signIn(page: Page): Promise<{ user: string; passcode: string }> {
  const user = uniqueName('ws-user');
  const passcode = `pw-${uniqueName('not-for-strangers')}`;
  await createBrokerUser(user, passcode);
  await page.getByRole('textbox', { name: 'Login' }).fill(user);
  await page.getByLabel('Passcode', { exact: true }).fill(passcode);
  return { user, passcode };
}

let listener: RecordingListener;
test.beforeEach(async () => {
  listener = await RecordingListener.start();
});
test.afterEach(async () => {
  await listener.close();
});

test('importing a workspace that names another broker while connected sends it nothing', async ({
  dashboard,
  page,
}) => {
  const { user, passcode } = await signIn(page);
  await dashboard.connect();
  const mine = await dashboard.subscribe(`/topic/${uniqueName('mine')}`, 'mine');
  await mine.expectSubscribed();

  await importWorkspace(page, foreignWorkspace(listener.url, user));

  const warning = page.getByRole('alert').filter({ hasText: listener.host });
  await expect(warning).toContainText('passcode was cleared');
  await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(listener.url);
  await expect(page.getByLabel('Passcode', { exact: true })).toHaveValue('');
  // The imported panes are there, waiting, and the old connection was left alone.
  await expect(dashboard.pane('imported-1').root).toBeVisible();
  await expect(dashboard.pane('imported-2').status).toContainText('connect to subscribe');
  await expect(dashboard.connectionStatus).toContainText('connected to ws://127.0.0.1');
  expect(listener.connections).toBe(0);

  // Only the user's own Connect reaches the new broker, and it carries no passcode typed before.
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
  expect(listener.connections).toBe(0);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.poll(() => listener.frames.some((frame) => frame.startsWith('CONNECT'))).toBe(true);
  expect(listener.frames.join('\n')).not.toContain(passcode);
});

test('importing a workspace that names another broker while disconnected clears the passcode before Connect', async ({
  dashboard,
  page,
}) => {
  await expect(dashboard.connectionStatus).toContainText('disconnected');
  const { user, passcode } = await signIn(page);
  await importWorkspace(page, foreignWorkspace(listener.url, user));

  await expect(page.getByRole('alert').filter({ hasText: listener.host })).toContainText(
    'nothing was sent there',
  );
  await expect(page.getByLabel('Passcode', { exact: true })).toHaveValue('');
  expect(listener.connections).toBe(0);

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.poll(() => listener.frames.some((frame) => frame.startsWith('CONNECT'))).toBe(true);
  expect(listener.frames.join('\n')).not.toContain(passcode);
});

test('the DOM of a connected page never holds the passcode', async ({ dashboard, page }) => {
  const { passcode } = await signIn(page);
  await dashboard.connect();
  const pane = await dashboard.subscribe(`/topic/${uniqueName('dom')}`, 'dom-pane');
  await pane.expectSubscribed();
  await dashboard.openConnectionForm();
  await expect(page.getByLabel('Passcode', { exact: true })).toHaveValue(passcode);
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  expect(html.length).toBeGreaterThan(1000);
  expect(html).not.toContain(passcode);
});
