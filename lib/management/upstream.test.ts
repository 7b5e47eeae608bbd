import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveManagementPath, type ResolvedManagementPath } from './allow-list';
import { readManagement } from './upstream';

const credentials = { login: 'guest', passcode: 'guest' };

function resolved(...segments: string[]): ResolvedManagementPath {
  const result = resolveManagementPath(segments);
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** A real HTTP server standing in for the management API, so undici's own errors are exercised. */
describe('readManagement against a local HTTP server', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { url?: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      if (req.url === '/api/overview') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ rabbitmq_version: '3.10.8', listeners: [{ secret: 1 }] }));
      } else if (req.url === '/api/queues/%2F') {
        // Never answers: the timeout has to fire.
      } else if (req.url === '/api/connections') {
        res.writeHead(301, { location: 'http://evil.example/api/connections' }).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads and trims an answer, with basic auth', async () => {
    const outcome = await readManagement({ baseUrl, resolved: resolved('overview'), credentials });
    expect(outcome).toEqual({ ok: true, value: { rabbitmq_version: '3.10.8' } });
    expect(seen.at(-1)).toEqual({
      url: '/api/overview',
      authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`,
    });
  });

  it('gives up after the timeout', async () => {
    const outcome = await readManagement({
      baseUrl,
      resolved: resolved('queues', '/'),
      credentials,
      timeoutMs: 200,
    });
    expect(outcome).toMatchObject({
      ok: false,
      status: 504,
      body: { kind: 'timeout', error: expect.stringContaining('did not answer within 0.2 s') },
    });
  });

  it('stops when the browser gives up', async () => {
    const browser = new AbortController();
    setTimeout(() => browser.abort(), 50);
    const outcome = await readManagement({
      baseUrl,
      resolved: resolved('queues', '/'),
      credentials,
      signal: browser.signal,
    });
    expect(outcome).toMatchObject({
      ok: false,
      body: { error: expect.stringContaining('cancelled') },
    });
  });

  it('does not follow a redirect', async () => {
    const outcome = await readManagement({
      baseUrl,
      resolved: resolved('connections'),
      credentials,
    });
    expect(outcome).toMatchObject({ ok: false, status: 502, body: { kind: 'bad-upstream' } });
    expect(JSON.stringify(outcome)).not.toContain('evil');
  });

  it('says "connection refused" for a closed port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await readManagement({
      baseUrl: `http://127.0.0.1:${port}`,
      resolved: resolved('overview'),
      credentials,
    });
    expect(outcome).toMatchObject({
      ok: false,
      status: 502,
      body: {
        kind: 'unreachable',
        error: expect.stringContaining(
          `is not reachable at http://127.0.0.1:${port}: connection refused`,
        ),
      },
    });
  });

  it('refuses to call anything when the base URL would be left', async () => {
    const outcome = await readManagement({
      baseUrl,
      resolved: { ok: true, endpoint: 'overview', upstreamPath: '/api/../admin' },
      credentials,
    });
    expect(outcome).toMatchObject({ ok: false, status: 500 });
  });
});
