import { describe, expect, it, vi } from 'vitest';
import { fetchManagement, fetchTopologyLists } from './client';
import { LOGIN_HEADER, PASSCODE_HEADER } from './protocol';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function stub(response: () => Response | Promise<Response>) {
  return vi.fn<typeof fetch>(async () => response());
}

describe('fetchManagement', () => {
  it('asks the dashboard’s own route, with the vhost as one encoded segment', async () => {
    const fetchImpl = stub(() => json([{ name: 'jobs', vhost: '/' }]));
    const result = await fetchManagement('queues', { fetchImpl });
    expect(result).toEqual({ ok: true, value: [{ name: 'jobs', vhost: '/' }] });
    const [url, init] = fetchImpl.mock.calls[0] ?? [];
    expect(url).toBe('/api/management/queues/%2F');
    expect(init).toMatchObject({ method: 'GET', credentials: 'same-origin', cache: 'no-store' });
    expect(new Headers(init?.headers).has(LOGIN_HEADER)).toBe(false);
  });

  it('sends the form’s credentials percent-encoded', async () => {
    const fetchImpl = stub(() => json({ rabbitmq_version: '3.10.8' }));
    await fetchManagement('overview', {
      credentials: { login: 'ops', passcode: 'pä:ss' },
      fetchImpl,
    });
    const [url, init] = fetchImpl.mock.calls[0] ?? [];
    expect(url).toBe('/api/management/overview');
    const headers = new Headers(init?.headers);
    expect(headers.get(LOGIN_HEADER)).toBe('ops');
    expect(headers.get(PASSCODE_HEADER)).toBe('p%C3%A4%3Ass');
  });

  it('encodes other vhosts too', async () => {
    const fetchImpl = stub(() => json([]));
    await fetchManagement('bindings', { vhost: 'my vhost', fetchImpl });
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/api/management/bindings/my%20vhost');
  });

  it('refuses a vhost the route would refuse, without a request', async () => {
    const fetchImpl = stub(() => json([]));
    const result = await fetchManagement('queues', { vhost: '..', fetchImpl });
    expect(result.ok).toBe(false);
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('passes on the server’s explanation', async () => {
    const error = 'The management API refused the credentials (401): check the login and passcode.';
    const fetchImpl = stub(() => json({ error, kind: 'unauthorized' }, 401));
    expect(await fetchManagement('overview', { fetchImpl })).toEqual({
      ok: false,
      error,
      kind: 'unauthorized',
    });
  });

  it('puts unexplained failures in plain words', async () => {
    const gateway = stub(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(await fetchManagement('overview', { fetchImpl: gateway })).toEqual({
      ok: false,
      error: 'The management API is unreachable: check that the broker is running.',
    });
    const unauthorized = stub(() => new Response('', { status: 401 }));
    expect(await fetchManagement('overview', { fetchImpl: unauthorized })).toMatchObject({
      error: expect.stringContaining('refused the credentials'),
    });
    const down = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await fetchManagement('overview', { fetchImpl: down })).toMatchObject({
      error: expect.stringContaining('Could not reach the dashboard server'),
    });
  });

  it('reports a cancelled request as such', async () => {
    const controller = new AbortController();
    controller.abort();
    const fetchImpl = vi.fn<typeof fetch>(async () => {
      throw new DOMException('aborted', 'AbortError');
    });
    expect(await fetchManagement('overview', { signal: controller.signal, fetchImpl })).toEqual({
      ok: false,
      error: 'The request was cancelled.',
    });
  });
});

describe('fetchTopologyLists', () => {
  it('reads the four lists of one vhost', async () => {
    const fetchImpl = stub(() => json([]));
    const result = await fetchTopologyLists({ vhost: 'v', fetchImpl });
    expect(result).toEqual({
      ok: true,
      value: { queues: [], bindings: [], consumers: [], exchanges: [] },
    });
    expect(fetchImpl.mock.calls.map(([url]) => url).sort()).toEqual([
      '/api/management/bindings/v',
      '/api/management/consumers/v',
      '/api/management/exchanges/v',
      '/api/management/queues/v',
    ]);
  });

  it('fails with the first failure', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async (url) =>
      String(url).includes('consumers')
        ? json({ error: 'nope', kind: 'forbidden' }, 403)
        : json([]),
    );
    expect(await fetchTopologyLists({ fetchImpl })).toEqual({
      ok: false,
      error: 'nope',
      kind: 'forbidden',
    });
  });
});

describe('fetchManagement without a login', () => {
  it('sends no credential headers for an empty login and reports why the server refused', async () => {
    const fetchImpl = stub(() =>
      json({ error: 'Sign in first: …', kind: 'credentials-required' }, 401),
    );
    const result = await fetchManagement('queues', {
      credentials: { login: '', passcode: '' },
      fetchImpl,
    });
    expect(result).toEqual({ ok: false, error: 'Sign in first: …', kind: 'credentials-required' });
    const headers = new Headers(fetchImpl.mock.calls[0]?.[1]?.headers);
    expect(headers.has(LOGIN_HEADER)).toBe(false);
    expect(headers.has(PASSCODE_HEADER)).toBe(false);
  });

  it('asks under the base path the dashboard is served from', async () => {
    const fetchImpl = stub(() => json([]));
    await fetchManagement('queues', { basePath: '/stompwatch', fetchImpl });
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('/stompwatch/api/management/queues/%2F');
  });
});
