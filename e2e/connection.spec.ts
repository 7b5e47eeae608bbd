import { test, expect } from './fixtures';
import { brokerUrl } from './support/stomp-node';

test.describe('connection', () => {
  test('connects to the broker and disconnects', async ({ dashboard, page }) => {
    await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(brokerUrl);
    await expect(dashboard.connectionStatus).toContainText('disconnected');
    await dashboard.connect();
    await expect(dashboard.connectionStatus).toContainText(`connected to ${brokerUrl}`);
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(dashboard.connectionStatus).toHaveText(/^disconnected$/);
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible();
  });

  test('a wrong passcode shows a login error', async ({ dashboard, page }) => {
    await page.getByLabel('Passcode', { exact: true }).fill('not-the-passcode');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText('error');
    await expect(dashboard.connectionStatus).toContainText(
      /refused the login "guest": wrong login or passcode/,
    );
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
  });

  test('an unknown virtual host is explained', async ({ dashboard, page }) => {
    await page.getByRole('textbox', { name: 'Virtual host' }).fill('no-such-vhost');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText(
      /error: .*virtual host "no-such-vhost"/i,
    );
  });

  test('an unreachable URL shows an error', async ({ dashboard, page }) => {
    await page.getByRole('textbox', { name: 'Broker URL' }).fill('ws://127.0.0.1:9/ws');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText(
      /error: Nothing answered a Web-STOMP connection at ws:\/\/127\.0\.0\.1:9\/ws/,
    );
  });

  test('a wrong path is named in the error', async ({ dashboard, page }) => {
    await page
      .getByRole('textbox', { name: 'Broker URL' })
      .fill(brokerUrl.replace(/\/ws$/, '/stomp'));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText('error');
    await expect(dashboard.connectionStatus).toContainText(
      'path is "/stomp"; RabbitMQ Web-STOMP listens on /ws',
    );
  });

  test('an http:// URL is refused before connecting, with the ws:// to use', async ({
    dashboard,
    page,
  }) => {
    await page.getByRole('textbox', { name: 'Broker URL' }).fill(brokerUrl.replace(/^ws/, 'http'));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText(
      `error: "${brokerUrl.replace(/^ws/, 'http')}" is an http URL; Web-STOMP needs a WebSocket URL such as ${brokerUrl}`,
    );
  });
});
