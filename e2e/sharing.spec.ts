import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';
import {
  freePort,
  rawRequest,
  startDashboardServer,
  type DashboardServer,
} from './support/dashboard-server';
import { credentials } from './support/stomp-node';
import { LOGIN_HEADER, PASSCODE_HEADER } from '../lib/management/protocol';

/** Issues 16 and 21: what the server answers to requests it must not serve, or not serve freely. */

const formCredentials = {
  [LOGIN_HEADER]: encodeURIComponent(credentials.login),
  [PASSCODE_HEADER]: encodeURIComponent(credentials.passcode),
};

function hostOf(baseURL: string | undefined): string {
  if (!baseURL) throw new Error('no baseURL');
  return new URL(baseURL).host;
}

test.describe('host check (DNS rebinding)', () => {
  test('a foreign Host gets 421 and no data, on the page and the API', async ({ baseURL }) => {
    const page = await rawRequest(`${baseURL}/`, { headers: { host: 'evil.test:3917' } });
    expect(page.status).toBe(421);
    expect(page.body).not.toMatch(/<html|Broker URL|guest/i);
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    const api = await rawRequest(`${baseURL}/api/management/overview`, {
      headers: { host: 'evil.test:3917', 'sec-fetch-site': 'same-origin', ...formCredentials },
    });
    expect(api.status).toBe(421);
    expect(api.body).not.toContain('rabbitmq_version');
    expect(api.headers['cache-control']).toContain('no-store');
  });

  test('the Origin fallback accepts the origin the request was really sent to', async ({
    baseURL,
  }) => {
    const port = new URL(baseURL!).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const answer = await rawRequest(`${baseURL}/api/management/overview`, {
        headers: { host, origin: `http://${host}`, ...formCredentials },
      });
      expect(answer.status, host).toBe(200);
      expect(answer.body).toContain('rabbitmq_version');
    }
    const foreign = await rawRequest(`${baseURL}/api/management/overview`, {
      headers: {
        host: hostOf(baseURL),
        origin: `http://localhost:${Number(port) + 1}`,
        ...formCredentials,
      },
    });
    expect(foreign.status).toBe(403);
  });
});

test.describe('no lent credentials', () => {
  test('without credentials 401 and no broker data; with the form’s, data; a refused login is passed on', async ({
    baseURL,
  }) => {
    const bare = await rawRequest(`${baseURL}/api/management/queues/%2F`, {
      headers: { host: hostOf(baseURL) },
    });
    expect(bare.status).toBe(401);
    expect(JSON.parse(bare.body)).toMatchObject({
      kind: 'credentials-required',
      error: expect.stringMatching(/^Sign in first/),
    });

    const signedIn = await rawRequest(`${baseURL}/api/management/overview`, {
      headers: { host: hostOf(baseURL), ...formCredentials },
    });
    expect(signedIn.status).toBe(200);
    expect(JSON.parse(signedIn.body)).toHaveProperty('rabbitmq_version');

    const wrongPasscode = 'wrong-passcode-e2e-7f3a';
    const refused = await rawRequest(`${baseURL}/api/management/overview`, {
      headers: { host: hostOf(baseURL), [LOGIN_HEADER]: 'guest', [PASSCODE_HEADER]: wrongPasscode },
    });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ kind: 'unauthorized' });
    expect(JSON.stringify(refused)).not.toContain(wrongPasscode);
  });

  test('the topology panel asks for a login when the route says credentials-required', async ({
    dashboard,
  }) => {
    const page = dashboard.page;
    // What the route answers a browser that sent no login (checked against the server above);
    // the STOMP connection itself works, so the panel is on.
    await page.route('**/api/management/**', (route) =>
      route.fulfill({
        status: 401,
        json: { kind: 'credentials-required', error: 'Sign in first: no login was sent.' },
      }),
    );
    await dashboard.connect();
    const topology = await dashboard.routing('Topology');
    await expect(topology.getByRole('status', { name: 'Topology status' })).toContainText(
      'Connect with your login and passcode to see the topology',
    );
  });
});

test.describe('errors and health', () => {
  test('errors carry the same security headers as normal answers', async ({ baseURL }) => {
    const host = hostOf(baseURL);
    const malformed = await rawRequest(`${baseURL}/api/management/%ZZ`, { headers: { host } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers['x-content-type-options']).toBe('nosniff');
    expect(malformed.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const apiMissing = await rawRequest(`${baseURL}/api/management/users`, { headers: { host } });
    expect(apiMissing.status).toBe(404);
    expect(apiMissing.headers['x-content-type-options']).toBe('nosniff');
    expect(apiMissing.headers['cache-control']).toContain('no-store');

    const pageMissing = await rawRequest(`${baseURL}/no-such-page`, { headers: { host } });
    expect(pageMissing.status).toBe(404);
    expect(pageMissing.headers['x-content-type-options']).toBe('nosniff');
    expect(pageMissing.headers['referrer-policy']).toBe('no-referrer');
    expect(pageMissing.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    // Methods Node's Request refuses crash Next before proxy.ts runs; scripts/serve.ts answers them.
    for (const target of ['/', '/api/management/overview']) {
      const traced = await rawRequest(`${baseURL}${target}`, {
        method: 'TRACE',
        headers: { host },
      });
      expect(traced.status, `TRACE ${target}`).toBe(405);
      expect(traced.headers.allow).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
      expect(traced.headers['x-content-type-options']).toBe('nosniff');
      expect(traced.headers['referrer-policy']).toBe('no-referrer');
      expect(traced.headers['x-frame-options']).toBe('DENY');
      expect(traced.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(traced.headers['cache-control']).toContain('no-store');
    }
    // Node's parser refuses TRACK before any handler; its 400 carries the headers too.
    const tracked = await rawRequest(`${baseURL}/`, { method: 'TRACK', headers: { host } });
    expect(tracked.status).toBe(400);
    expect(tracked.headers['x-content-type-options']).toBe('nosniff');
    expect(tracked.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const longVhost = 'v'.repeat(5000);
    const echoed = await rawRequest(`${baseURL}/api/management/queues/${longVhost}`, {
      headers: { host, ...formCredentials },
    });
    expect(echoed.status).toBe(404);
    expect(echoed.body).not.toContain('v'.repeat(101));
  });

  test('GET /api/health answers status, version and the management API, nothing secret', async ({
    baseURL,
  }) => {
    const health = await rawRequest(`${baseURL}/api/health`, {
      headers: { host: hostOf(baseURL) },
    });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      management: 'up',
    });
    expect(health.body).not.toMatch(/guest|http:/);
  });
});

test.describe('a shared deployment', () => {
  test.describe.configure({ mode: 'serial' });

  const configuredPasscode = `configured-secret-${Date.now().toString(36)}`;
  let stalling: Server;
  let dashboard: DashboardServer;

  test.beforeAll(async () => {
    // A management API that accepts every request and never answers.
    stalling = createServer(() => undefined);
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    dashboard = await startDashboardServer({
      port: await freePort(),
      env: {
        STOMPWATCH_PASSCODE: configuredPasscode,
        STOMPWATCH_PRIVATE_BROKER: '0',
        STOMPWATCH_MANAGEMENT_URL: `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`,
      },
    });
  });

  test.afterAll(async () => {
    await dashboard?.stop();
    stalling?.closeAllConnections();
    await new Promise((resolve) => stalling?.close(resolve));
  });

  test('the page never contains a configured passcode', async ({ page }) => {
    const html = await (await fetch(`${dashboard.baseUrl}/`)).text();
    expect(html).toContain('Broker URL');
    expect(html).not.toContain(configuredPasscode);
    await page.goto(`${dashboard.baseUrl}/`);
    await expect(page.getByLabel('Passcode', { exact: true })).toHaveValue('');
    expect(await page.content()).not.toContain(configuredPasscode);
  });

  test('100 requests against a stalling upstream all end: 4 time out, the rest get 429 with Retry-After', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        rawRequest(`${dashboard.baseUrl}/api/management/overview`, {
          headers: { host: new URL(dashboard.baseUrl).host, ...formCredentials },
        }),
      ),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 504)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(96);
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(answer.headers['retry-after']).toBe('1');
      expect(JSON.parse(answer.body)).toMatchObject({ kind: 'too-many-requests' });
    }
    for (const answer of answers.filter((a) => a.status === 504)) {
      expect(JSON.parse(answer.body)).toMatchObject({
        kind: 'timeout',
        error: expect.stringContaining('did not answer within 5 s'),
      });
    }
    // The health check says so, and does not wait long for it.
    const health = await fetch(`${dashboard.baseUrl}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', management: 'down' });
  });
});
