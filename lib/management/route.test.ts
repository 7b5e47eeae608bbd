import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from '@/app/api/management/[...path]/route';
import connections from './fixtures/connections.json';
import overview from './fixtures/overview.json';
import { LOGIN_HEADER, PASSCODE_HEADER } from './protocol';

/**
 * The route handler itself, called as Next.js calls it: a Request and a `params` Promise with
 * the decoded segments. The global fetch is stubbed, so every upstream call is observable.
 */

const MANAGEMENT_URL = 'http://mq.test:15672';
const CONFIG_LOGIN = 'config-user';
const CONFIG_PASSCODE = 'config-secret-passcode';
const FORM_LOGIN = 'form-user';
const FORM_PASSCODE = 'form-secret-pässcode';

const basic = (login: string, passcode: string) =>
  `Basic ${Buffer.from(`${login}:${passcode}`, 'utf8').toString('base64')}`;

const jsonResponse = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });

let upstream: ReturnType<typeof vi.fn<typeof fetch>>;

beforeEach(() => {
  vi.stubEnv('STOMPWATCH_MANAGEMENT_URL', MANAGEMENT_URL);
  vi.stubEnv('STOMPWATCH_MANAGEMENT_LOGIN', CONFIG_LOGIN);
  vi.stubEnv('STOMPWATCH_MANAGEMENT_PASSCODE', CONFIG_PASSCODE);
  vi.stubEnv('STOMPWATCH_PUBLIC_HOSTS', '');
  upstream = vi.fn<typeof fetch>(async () => jsonResponse(overview));
  vi.stubGlobal('fetch', upstream);
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** As `next start` hands it over: request.url on its own address, the browser's Host header. */
function request(rawPath: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (!headers.has('host')) headers.set('host', 'localhost:3000');
  return new Request(`http://localhost:3000/api/management/${rawPath}`, { ...init, headers });
}

/** Next.js decodes each segment once before handing them to the route. */
function context(rawPath: string) {
  const path = rawPath.split('?')[0]!.split('/').map(decodeURIComponent);
  return { params: Promise.resolve({ path }) };
}

const get = (rawPath: string, init: RequestInit = {}) =>
  GET(request(rawPath, init), context(rawPath));

async function everything(response: Response): Promise<string> {
  return `${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await response.text()}`;
}

function upstreamCall(index = 0): { url: string; init: RequestInit; headers: Headers } {
  const call = upstream.mock.calls[index];
  if (!call) throw new Error(`no upstream call #${index}`);
  const init = call[1] ?? {};
  return { url: String(call[0]), init, headers: new Headers(init.headers) };
}

describe('GET /api/management/...: allowed endpoints', () => {
  it('reads the overview from the configured base URL with the configured credentials', async () => {
    const response = await get('overview');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      rabbitmq_version: '3.10.8',
      management_version: '3.10.8',
      cluster_name: 'stompwatch-mgmt@vm',
      node: 'stompwatch-mgmt@localhost',
    });
    expect(upstream).toHaveBeenCalledTimes(1);
    const { url, init, headers } = upstreamCall();
    expect(url).toBe(`${MANAGEMENT_URL}/api/overview`);
    expect(init.method).toBe('GET');
    expect(init.redirect).toBe('manual');
    expect(headers.get('authorization')).toBe(basic(CONFIG_LOGIN, CONFIG_PASSCODE));
  });

  it.each([
    ['queues/%2F', '/api/queues/%2F'],
    ['exchanges/%2F', '/api/exchanges/%2F'],
    ['bindings/%2F', '/api/bindings/%2F'],
    ['consumers/%2F', '/api/consumers/%2F'],
    ['queues/my%20vhost', '/api/queues/my%20vhost'],
    ['queues/%40evil.com', '/api/queues/%40evil.com'],
    ['connections', '/api/connections'],
  ])('calls %s upstream as %s, on the configured host only', async (rawPath, upstreamPath) => {
    upstream.mockResolvedValue(jsonResponse([]));
    const response = await get(rawPath);
    expect(response.status).toBe(200);
    expect(upstreamCall().url).toBe(`${MANAGEMENT_URL}${upstreamPath}`);
  });

  it('uses the connection form’s credentials and never echoes them', async () => {
    upstream.mockResolvedValue(jsonResponse([]));
    const response = await get('queues/%2F', {
      headers: {
        'sec-fetch-site': 'same-origin',
        [LOGIN_HEADER]: encodeURIComponent(FORM_LOGIN),
        [PASSCODE_HEADER]: encodeURIComponent(FORM_PASSCODE),
      },
    });
    expect(response.status).toBe(200);
    expect(upstreamCall().headers.get('authorization')).toBe(basic(FORM_LOGIN, FORM_PASSCODE));
    const text = await everything(response);
    expect(text).not.toContain('secret');
    expect(text).not.toContain(FORM_LOGIN);
  });

  it('strips connections down to what the topology panel needs', async () => {
    upstream.mockResolvedValue(jsonResponse(connections));
    const response = await get('connections');
    const body = (await response.json()) as Record<string, unknown>[];
    expect(body).toHaveLength(connections.length);
    for (const connection of body) {
      expect(
        Object.keys(connection).every((key) =>
          [
            'name',
            'vhost',
            'user',
            'peer_host',
            'peer_port',
            'state',
            'protocol',
            'connected_at',
          ].includes(key),
        ),
      ).toBe(true);
    }
  });
});

describe('GET /api/management/vhosts/<vhost>', () => {
  it('answers only the name and whether tracing (the firehose) is on', async () => {
    upstream.mockResolvedValue(
      jsonResponse({ name: '/', tracing: true, description: 'd', cluster_state: { n: 'running' } }),
    );
    const response = await get('vhosts/%2F');
    expect(response.status).toBe(200);
    expect(upstreamCall().url).toBe(`${MANAGEMENT_URL}/api/vhosts/%2F`);
    expect(await response.json()).toEqual({ name: '/', tracing: true });
  });
});

describe('GET /api/management/...: refused before any upstream call', () => {
  it.each([
    ['users'],
    ['definitions'],
    ['vhosts'],
    ['vhosts/%2F/permissions'],
    ['queues'],
    ['queues/%2F/jobs'],
    ['queues/%252F'],
    ['queues/a%2Fb'],
    ['queues/%2e%2e'],
    ['queues/a%5Cb'],
    ['queues/a%00b'],
    ['overview/x'],
    ['queues%2F..%2Fusers'],
  ])('%s is 404 with a JSON error', async (rawPath) => {
    const response = await get(rawPath);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: expect.any(String), kind: 'not-found' });
    expect(upstream).not.toHaveBeenCalled();
  });

  it('refuses a query string with 404', async () => {
    const response = await get('queues/%2F?columns=name');
    expect(response.status).toBe(404);
    expect(upstream).not.toHaveBeenCalled();
  });

  it.each([['cross-site'], ['same-site']])('refuses a %s request with 403', async (site) => {
    const response = await get('overview', {
      headers: {
        'sec-fetch-site': site,
        [LOGIN_HEADER]: FORM_LOGIN,
        [PASSCODE_HEADER]: encodeURIComponent(FORM_PASSCODE),
      },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ kind: 'cross-site' });
    expect(upstream).not.toHaveBeenCalled();
  });

  it('refuses a foreign Origin when the browser sent no Sec-Fetch-Site', async () => {
    const response = await get('overview', { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(upstream).not.toHaveBeenCalled();
  });

  it('accepts same-origin, address-bar and non-browser requests', async () => {
    const cases: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      { origin: 'http://localhost:3000' },
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' },
      { host: '[::1]:3000', origin: 'http://[::1]:3000' },
      { host: 'dash.example.com', origin: 'https://dash.example.com' },
      {},
    ];
    vi.stubEnv('STOMPWATCH_PUBLIC_HOSTS', 'dash.example.com');
    for (const headers of cases) {
      expect((await get('overview', { headers })).status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('refuses an Origin that is not the Host the request was sent to', async () => {
    for (const headers of [
      { host: '127.0.0.1:3000', origin: 'http://localhost:3000' },
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' },
      { host: '127.0.0.1:3000', origin: 'null' },
    ]) {
      expect((await get('overview', { headers })).status, JSON.stringify(headers)).toBe(403);
    }
    expect(upstream).not.toHaveBeenCalled();
  });

  it.each([
    [{ host: 'evil.test:3917', 'sec-fetch-site': 'same-origin' }],
    [{ host: 'attacker.test', origin: 'http://attacker.test' }],
    [{ host: 'localhost.evil.test:3000' }],
  ])('answers a foreign Host (DNS rebinding) with 421 and no data: %j', async (headers) => {
    const response = await get('connections', { headers });
    expect(response.status).toBe(421);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toMatchObject({
      kind: 'misdirected',
      error: expect.stringContaining('STOMPWATCH_PUBLIC_HOSTS'),
    });
    expect(upstream).not.toHaveBeenCalled();
  });

  it('answers a host listed in STOMPWATCH_PUBLIC_HOSTS', async () => {
    vi.stubEnv('STOMPWATCH_PUBLIC_HOSTS', 'dash.example.com:8443');
    expect((await get('overview', { headers: { host: 'dash.example.com:8443' } })).status).toBe(
      200,
    );
    expect((await get('overview', { headers: { host: 'dash.example.com:9443' } })).status).toBe(
      421,
    );
  });

  it('refuses a login header that basic auth cannot carry, without echoing it', async () => {
    const response = await get('overview', {
      headers: { [LOGIN_HEADER]: 'zork%3Aquux', [PASSCODE_HEADER]: 'x' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/zork|quux/);
    expect(upstream).not.toHaveBeenCalled();
  });

  it('answers 500 without details when the server configuration is invalid', async () => {
    vi.stubEnv('STOMPWATCH_MANAGEMENT_URL', 'ftp://mq.test');
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await get('overview');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: "The dashboard server's configuration is invalid; see its log.",
      kind: 'server-config',
    });
    expect(log.mock.calls.flat().join(' ')).not.toContain(CONFIG_PASSCODE);
    expect(upstream).not.toHaveBeenCalled();
  });
});

describe('credentials', () => {
  it('without credentials and without a configured management login: 401, no upstream call', async () => {
    vi.stubEnv('STOMPWATCH_MANAGEMENT_LOGIN', '');
    vi.stubEnv('STOMPWATCH_MANAGEMENT_PASSCODE', '');
    vi.stubEnv('STOMPWATCH_LOGIN', 'guest');
    vi.stubEnv('STOMPWATCH_PASSCODE', 'guest');
    const response = await get('queues/%2F', { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      kind: 'credentials-required',
      error: expect.stringMatching(/^Sign in first: .*your own RabbitMQ login and passcode/),
    });
    expect(upstream).not.toHaveBeenCalled();
  });

  it('refuses an empty login instead of falling back to the server’s', async () => {
    const response = await get('overview', {
      headers: { [LOGIN_HEADER]: '', [PASSCODE_HEADER]: 'x' },
    });
    expect(response.status).toBe(400);
    expect(upstream).not.toHaveBeenCalled();
  });
});

describe('limits', () => {
  it('holds at most 4 requests per client in flight, then 429 with Retry-After', async () => {
    const release: Array<() => void> = [];
    upstream.mockImplementation(
      () => new Promise<Response>((resolve) => release.push(() => resolve(jsonResponse(overview)))),
    );
    const client = { 'x-forwarded-for': '10.9.8.7' };
    const held = Array.from({ length: 4 }, () => get('overview', { headers: client }));
    await vi.waitFor(() => expect(upstream).toHaveBeenCalledTimes(4));
    const refused = await get('overview', { headers: client });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ kind: 'too-many-requests' });
    // Another address still gets through, and the first one again once its requests end.
    const other = get('overview', { headers: { 'x-forwarded-for': '10.9.8.6' } });
    await vi.waitFor(() => expect(upstream).toHaveBeenCalledTimes(5));
    release.forEach((resolve) => resolve());
    expect((await Promise.all([...held, other])).map((response) => response.status)).toEqual([
      200, 200, 200, 200, 200,
    ]);
    upstream.mockResolvedValue(jsonResponse(overview));
    expect((await get('overview', { headers: client })).status).toBe(200);
  });

  it('truncates a long vhost echoed in an error', async () => {
    upstream.mockResolvedValue(jsonResponse({ error: 'Object Not Found' }, { status: 404 }));
    const vhost = 'v'.repeat(5000);
    const body = (await (await get(`queues/${vhost}`)).json()) as { error: string };
    expect(body.error).toContain(`"${'v'.repeat(100)}…"`);
    expect(body.error.length).toBeLessThan(300);
  });
});

describe('other methods', () => {
  it.each([
    ['POST', POST],
    ['PUT', PUT],
    ['PATCH', PATCH],
    ['DELETE', DELETE],
    ['OPTIONS', OPTIONS],
  ])('%s is 405 with Allow: GET', async (method, handler) => {
    const response = handler(request('queues/%2F', { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ kind: 'method-not-allowed' });
    expect(upstream).not.toHaveBeenCalled();
  });

  it('HEAD is 405 without a body and never runs GET', async () => {
    const response = HEAD(request('overview', { method: 'HEAD' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.text()).toBe('');
    expect(upstream).not.toHaveBeenCalled();
  });
});

describe('upstream failures', () => {
  const SECRET = 'UPSTREAM-SECRET-BODY';

  it('explains refused credentials without relaying the upstream answer', async () => {
    upstream.mockResolvedValue(
      jsonResponse(
        { error: 'not_authorized', reason: 'Login failed', detail: SECRET },
        {
          status: 401,
          headers: { 'www-authenticate': 'Basic realm="RabbitMQ Management"', 'x-secret': SECRET },
        },
      ),
    );
    const response = await get('overview');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.headers.get('x-secret')).toBeNull();
    expect(await response.json()).toEqual({
      error: 'The management API refused the credentials (401): check the login and passcode.',
      kind: 'unauthorized',
    });
  });

  it('tells a user without a management tag apart', async () => {
    upstream.mockResolvedValue(
      jsonResponse({ error: 'not_authorised', reason: 'Not management user' }, { status: 401 }),
    );
    const body = (await (await get('overview')).json()) as { error: string };
    expect(body.error).toMatch(/refused the credentials \(401\): the user has no management tag/);
  });

  it('tells a vhost the user may not access apart', async () => {
    upstream.mockResolvedValue(
      jsonResponse(
        { error: 'not_authorised', reason: 'User not authorised to access virtual host' },
        { status: 401 },
      ),
    );
    const body = (await (await get('queues/prod')).json()) as { error: string };
    expect(body.error).toContain('may not access the vhost "prod"');
  });

  it('says which vhost does not exist', async () => {
    upstream.mockResolvedValue(
      jsonResponse({ error: 'Object Not Found', reason: SECRET }, { status: 404 }),
    );
    const response = await get('queues/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: `The vhost "nope" does not exist on the broker at ${MANAGEMENT_URL} (404).`,
      kind: 'not-found',
    });
  });

  it('does not relay a server error’s body or headers', async () => {
    upstream.mockResolvedValue(
      new Response(`<html>${SECRET}</html>`, { status: 500, headers: { 'x-secret': SECRET } }),
    );
    const response = await get('queues/%2F');
    expect(response.status).toBe(502);
    const text = await everything(response);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('failed with status 500');
  });

  it('does not follow a redirect', async () => {
    upstream.mockResolvedValue(
      new Response(null, {
        status: 302,
        headers: { location: 'http://evil.example/api/overview' },
      }),
    );
    const response = await get('overview');
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain('evil');
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(upstreamCall().init.redirect).toBe('manual');
  });

  it('says when the management API is not reachable', async () => {
    upstream.mockRejectedValue(
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      }),
    );
    const response = await get('overview');
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      error: expect.stringContaining(
        `The management API is not reachable at ${MANAGEMENT_URL}: connection refused.`,
      ),
      kind: 'unreachable',
    });
  });

  it('says when the management API did not answer in time', async () => {
    upstream.mockRejectedValue(
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
    );
    const response = await get('overview');
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({
      error: expect.stringContaining('did not answer within 5 s'),
      kind: 'timeout',
    });
  });

  it('refuses an answer that is not JSON, without relaying it', async () => {
    upstream.mockResolvedValue(new Response(`<html>${SECRET}</html>`, { status: 200 }));
    const response = await get('overview');
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('refuses JSON of the wrong shape, without relaying it', async () => {
    upstream.mockResolvedValue(jsonResponse({ [SECRET]: SECRET }));
    const response = await get('queues/%2F');
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('never puts a passcode in any error', async () => {
    const failures: Array<() => Promise<Response> | Response> = [
      () => jsonResponse({ reason: 'Login failed' }, { status: 401 }),
      () => new Response('x', { status: 503 }),
      () => Promise.reject(new TypeError('fetch failed')),
    ];
    for (const failure of failures) {
      upstream.mockImplementation(async () => failure());
      const response = await get('overview', {
        headers: {
          [LOGIN_HEADER]: FORM_LOGIN,
          [PASSCODE_HEADER]: encodeURIComponent(FORM_PASSCODE),
        },
      });
      const text = await everything(response);
      expect(text).not.toContain('secret');
      expect(text).not.toContain(CONFIG_PASSCODE);
    }
  });
});
