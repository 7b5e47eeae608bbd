import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { BASE_PATH_BUILD, BASE_PATH_BUILD_ENV } from '../scripts/lib/base-path-build';
import { DashboardPage } from './support/dashboard-page';
import {
  freePort,
  rawRequest,
  startDashboardServer,
  type DashboardServer,
} from './support/dashboard-server';
import { startNginx, type RunningNginx } from './support/nginx';
import { brokerUrl, credentials, managementUrl, uniqueName } from './support/stomp-node';

/**
 * Issue 16: the team deployment of the README, for real. nginx with TLS serves the dashboard
 * (built with STOMPWATCH_BASE_PATH=/stompwatch) under /stompwatch/ and the test broker's
 * Web-STOMP under /ws, on one origin; the browser signs in with typed credentials.
 */

const root = path.resolve(__dirname, '..');
const BASE_PATH = BASE_PATH_BUILD.basePath;
const buildEnv = { ...BASE_PATH_BUILD_ENV, NEXT_TELEMETRY_DISABLED: '1' };

/** Builds the base-path copy unless one at least as new as the main build is there. */
async function ensureBasePathBuild(): Promise<void> {
  const own = path.join(root, BASE_PATH_BUILD.distDir, 'BUILD_ID');
  const main = path.join(root, '.next', 'BUILD_ID');
  if (existsSync(own) && (!existsSync(main) || statSync(own).mtimeMs >= statSync(main).mtimeMs))
    return;
  const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const build = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      env: { ...process.env, ...buildEnv },
    });
    build.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    build.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    build.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`The base-path build failed:\n${output.join('').slice(-3000)}`);
}

test.describe('team deployment behind nginx with TLS', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ ignoreHTTPSErrors: true });

  let dashboard: DashboardServer;
  let nginx: RunningNginx;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    await ensureBasePathBuild();
    const dashboardPort = await freePort();
    dashboard = await startDashboardServer({
      port: dashboardPort,
      basePath: BASE_PATH,
      env: {
        ...buildEnv,
        STOMPWATCH_BROKER_URL: '/ws',
        STOMPWATCH_MANAGEMENT_URL: managementUrl,
        STOMPWATCH_PRIVATE_BROKER: '0',
      },
    });
    nginx = await startNginx({
      port: await freePort(),
      dashboardPort,
      webStompHost: new URL(brokerUrl).host,
    });
  });

  test.afterAll(async () => {
    await nginx?.stop();
    await dashboard?.stop();
  });

  test('health and the management route answer through the proxy, with typed credentials only', async () => {
    const health = await rawRequest(`${nginx.origin}${BASE_PATH}/api/health`);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', management: 'up' });
    const anonymous = await rawRequest(`${nginx.origin}${BASE_PATH}/api/management/overview`);
    expect(anonymous.status).toBe(401);
  });

  test('Chromium opens /stompwatch/, connects to /ws, subscribes, sends, receives, and sees the topology', async ({
    page,
  }) => {
    const seenSockets: string[] = [];
    page.on('websocket', (socket) => seenSockets.push(socket.url()));
    await page.goto(`${nginx.origin}${BASE_PATH}/`);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    const dashboardPage = new DashboardPage(page);
    const passcode = page.getByLabel('Passcode', { exact: true });
    await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue('/ws');
    await expect(passcode).toHaveValue('');

    await page.getByRole('textbox', { name: 'Login' }).fill(credentials.login);
    await passcode.fill(credentials.passcode);
    await dashboardPage.connect();
    const topic = uniqueName('behind-nginx');
    const pane = await dashboardPage.subscribe(`/topic/${topic}`, 'via-nginx');
    await pane.expectSubscribed();
    await dashboardPage.send({ destination: `/topic/${topic}`, body: 'through the proxy' });
    await pane.expectCount(1);
    await expect(pane.messages).toContainText('through the proxy');
    expect(seenSockets).toContain(`${nginx.origin.replace('https:', 'wss:')}/ws`);
    // The pane's connection runs in the connection worker, loaded from under the base path.
    const worker = page.workers().find((candidate) => candidate.url().includes('/_next/static/'));
    expect(worker?.url()).toMatch(new RegExp(`^${nginx.origin}${BASE_PATH}/_next/static/`));
    expect(await worker?.evaluate(() => self.name)).toBe('stompwatch-connections');

    const topology = await dashboardPage.routing('Topology');
    await expect(topology.getByRole('status', { name: 'Topology status' })).toContainText(
      'From the management API',
    );
    await expect(topology.getByRole('listitem', { name: 'Topology of via-nginx' })).toContainText(
      `amq.topic (topic) —[${topic}]→`,
      { timeout: 20_000 },
    );
  });
});
