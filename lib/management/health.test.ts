import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeManagement } from './health';

describe('probeManagement', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { url?: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      if (req.url === '/stalls/api/overview') return;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"not_authorized"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is up when the API answers, even with 401, and sends no credentials', async () => {
    expect(await probeManagement({ baseUrl })).toBe('up');
    expect(seen.at(-1)).toEqual({ url: '/api/overview', authorization: undefined });
  });

  it('is down when nothing answers in time, or nothing listens', async () => {
    expect(await probeManagement({ baseUrl: `${baseUrl}/stalls`, timeoutMs: 200 })).toBe('down');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await probeManagement({ baseUrl: `http://127.0.0.1:${port}` })).toBe('down');
  });

  it('is not-configured without a base URL', async () => {
    expect(await probeManagement({ baseUrl: null })).toBe('not-configured');
  });
});
