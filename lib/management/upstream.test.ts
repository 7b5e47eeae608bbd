import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveManagementPath, type ResolvedManagementPath } from './allow-list';
import { readManagement, type UpstreamLimits } from './upstream';

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
      limits: { connectTimeoutMs: 200 },
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

/**
 * Upstreams that misbehave in every way that once held a proxy request open: each of 100
 * concurrent requests has to end, in time, with an error that says what happened.
 */
describe('readManagement against a stalling upstream', () => {
  let server: Server;
  let baseUrl: string;
  // Generous enough that 100 endless writers in this same process do not starve the others.
  const limits = {
    connectTimeoutMs: 1000,
    readTimeoutMs: 1000,
    totalTimeoutMs: 3000,
    maxBodyBytes: 64 * 1024,
  };
  let openRequests = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      openRequests += 1;
      res.on('close', () => (openRequests -= 1));
      if (req.url === '/api/overview') return; // accepts, never answers
      if (req.url === '/api/queues/stall-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[{"name":'); // headers and a first piece, then silence
        return;
      }
      if (req.url === '/api/queues/endless') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        // Never ends; paced so 100 of them leave this process (client and server) time to run.
        const piece = `${JSON.stringify({ name: 'q'.repeat(4000) })},`;
        const timer = setInterval(() => res.write(piece), 10);
        res.on('close', () => clearInterval(timer));
        return;
      }
      if (req.url === '/api/queues/trickle') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 200); // always under the read timeout
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each<[string, string[], number, RegExp, Partial<UpstreamLimits>?]>([
    ['no answer at all', ['overview'], 504, /did not answer within 1 s/],
    [
      'headers, then a stalled body',
      ['queues', 'stall-body'],
      504,
      /stopped sending its answer to queues for 1 s/,
    ],
    // Only the cap may end this one, even on a busy machine: the timeouts are out of its way.
    [
      'an endless body',
      ['queues', 'endless'],
      502,
      /larger than 0\.0625 MB/,
      { connectTimeoutMs: 5000, readTimeoutMs: 5000, totalTimeoutMs: 10_000 },
    ],
    [
      'a body that trickles forever',
      ['queues', 'trickle'],
      504,
      /did not finish its answer to queues within 3 s/,
    ],
  ])(
    '100 concurrent requests facing %s all end in time',
    async (_, segments, status, message, overrides = {}) => {
      const started = Date.now();
      const caseLimits = { ...limits, ...overrides };
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, async () => {
          const outcome = await readManagement({
            baseUrl,
            resolved: resolved(...segments),
            credentials,
            limits: caseLimits,
          });
          return { outcome, endedAfterMs: Date.now() - started };
        }),
      );
      for (const { outcome, endedAfterMs } of outcomes) {
        expect(outcome).toMatchObject({
          ok: false,
          status,
          body: { error: expect.stringMatching(message) },
        });
        expect(endedAfterMs).toBeLessThan(caseLimits.totalTimeoutMs + 1000);
      }
      // Every upstream request was given up (its socket closed), not left open.
      await expect.poll(() => openRequests, { timeout: 2000 }).toBe(0);
    },
  );

  it('refuses a body whose declared length is over the cap without reading it', async () => {
    const outcome = await readManagement({
      baseUrl,
      resolved: resolved('overview'),
      credentials,
      limits,
      fetchImpl: async () =>
        new Response('{}', { headers: { 'content-length': String(10 * 1024 * 1024) } }),
    });
    expect(outcome).toMatchObject({ ok: false, status: 502, body: { kind: 'too-large' } });
  });

  it('ends even when an injected fetch ignores the abort signal', async () => {
    const browser = new AbortController();
    const pending = readManagement({
      baseUrl,
      resolved: resolved('overview'),
      credentials,
      limits,
      signal: browser.signal,
      fetchImpl: () => new Promise<Response>(() => undefined),
    });
    browser.abort();
    expect(await pending).toMatchObject({
      ok: false,
      body: { error: expect.stringContaining('cancelled') },
    });
  });
});
