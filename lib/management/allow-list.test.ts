import { describe, expect, it } from 'vitest';
import { buildUpstreamUrl, MANAGEMENT_ENDPOINTS, resolveManagementPath } from './allow-list';

const BASE = 'http://127.0.0.1:15672';

/**
 * What Next.js hands a `[...path]` route for a raw request path: split on "/", each segment
 * percent-decoded once (checked against `next dev`: `%2F` arrives as "/", `%252F` as "%2F").
 */
const nextSegments = (rawPath: string) => rawPath.split('/').map(decodeURIComponent);
const resolveRaw = (rawPath: string) => resolveManagementPath(nextSegments(rawPath));

describe('resolveManagementPath: the allow-list', () => {
  it('serves overview and connections without a vhost', () => {
    expect(resolveManagementPath(['overview'])).toEqual({
      ok: true,
      endpoint: 'overview',
      upstreamPath: '/api/overview',
    });
    expect(resolveManagementPath(['connections'])).toEqual({
      ok: true,
      endpoint: 'connections',
      upstreamPath: '/api/connections',
    });
  });

  it.each(['exchanges', 'queues', 'bindings', 'consumers'])(
    'serves %s for the default vhost "/", re-encoded as %%2F',
    (endpoint) => {
      expect(resolveRaw(`${endpoint}/%2F`)).toEqual({
        ok: true,
        endpoint,
        vhost: '/',
        upstreamPath: `/api/${endpoint}/%2F`,
      });
    },
  );

  it('accepts a lower-case %2f for the default vhost too', () => {
    expect(resolveRaw('queues/%2f')).toMatchObject({ ok: true, upstreamPath: '/api/queues/%2F' });
  });

  it('re-encodes a vhost with a space', () => {
    expect(resolveRaw('queues/my%20vhost')).toEqual({
      ok: true,
      endpoint: 'queues',
      vhost: 'my vhost',
      upstreamPath: '/api/queues/my%20vhost',
    });
  });

  it('re-encodes vhosts that look like hosts or schemes, so they stay one path segment', () => {
    expect(resolveRaw('queues/%40evil.com')).toMatchObject({
      ok: true,
      upstreamPath: '/api/queues/%40evil.com',
    });
    expect(resolveRaw('queues/http:')).toMatchObject({
      ok: true,
      upstreamPath: '/api/queues/http%3A',
    });
    expect(resolveRaw('queues/user:pw@evil.com')).toMatchObject({
      ok: true,
      upstreamPath: '/api/queues/user%3Apw%40evil.com',
    });
  });

  it.each([
    ['users'],
    ['definitions'],
    ['Queues/%2F'],
    ['queues%20/%2F'],
    ['api/overview'],
    ['vhosts'],
    ['nodes'],
    ['health/checks/alarms'],
    ['exchanges/%2F/amq.topic/bindings/source'],
    [''],
  ])('refuses %s: not on the list', (rawPath) => {
    const result = resolveRaw(rawPath);
    expect(result).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses no segments at all', () => {
    expect(resolveManagementPath([])).toMatchObject({ ok: false, status: 404 });
  });

  it.each([['queues'], ['exchanges'], ['bindings'], ['consumers']])(
    'refuses %s without a vhost',
    (rawPath) => expect(resolveRaw(rawPath)).toMatchObject({ ok: false, status: 404 }),
  );

  it.each([
    ['overview/x'],
    ['overview/%2F'],
    ['connections/%2F'],
    ['queues/%2F/extra'],
    ['queues/%2F/'],
    ['bindings/%2F/e/amq.topic/q/jobs'],
  ])('refuses %s: too many segments', (rawPath) => {
    expect(resolveRaw(rawPath)).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    ['queues/..'],
    ['queues/.'],
    ['queues/%2e%2e'],
    ['queues/%2E%2E'],
    ['queues/%2e'],
    ['queues/..%2F..%2Fusers'],
    ['queues/%2F..'],
    ['queues/a..b'],
    ['..%2Fusers'],
    ['queues/../../users'],
  ])('refuses traversal %s', (rawPath) => {
    expect(resolveRaw(rawPath)).toMatchObject({ ok: false, status: 404 });
  });

  it.each([['queues/%252F'], ['queues/%252e%252e'], ['queues/a%2520b'], ['queues/%25']])(
    'refuses the double-encoded %s',
    (rawPath) => {
      expect(resolveRaw(rawPath)).toMatchObject({ ok: false, status: 404 });
    },
  );

  it.each([
    ['queues%2F%2F'],
    ['queues%2Fusers'],
    ['overview%2F..%2Fusers'],
    ['queues/a%2Fb'],
    ['queues/%2F%2F'],
    ['queues/%2Fusers'],
    ['queues/%2F%2Fevil.com'],
    ['queues/http:%2F%2Fevil.com'],
  ])('refuses an encoded slash in %s (only the vhost "/" itself may be one)', (rawPath) => {
    expect(resolveRaw(rawPath)).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    [['', 'evil.com']],
    [['', '', 'evil.com', 'api', 'overview']],
    [['queues', '', 'evil.com']],
    [['queues', '//evil.com']],
    [['http:', '', 'evil.com', 'api', 'overview']],
    [['https://evil.com/api/overview']],
    [['queues', 'http://evil.com/']],
  ])('refuses other hosts and absolute URLs %j', (segments) => {
    expect(resolveManagementPath(segments)).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    ['a\\b'],
    ['\\\\evil.com'],
    ['..\\..\\users'],
    ['a?b'],
    ['?'],
    ['a#b'],
    ['a\u0000b'],
    ['a\nb'],
    ['a\rb'],
    ['a\tb'],
    ['\u007f'],
    [''],
  ])('refuses the vhost %j', (vhost) => {
    expect(resolveManagementPath(['queues', vhost])).toMatchObject({ ok: false, status: 404 });
  });

  it('never repeats the request in its error', () => {
    const result = resolveManagementPath(['evil.example', 'secret-token']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).not.toContain('evil');
      expect(result.error).not.toContain('secret');
    }
  });

  it('lists exactly the six endpoints the issue allows, and one vhost for its firehose state', () => {
    expect([...MANAGEMENT_ENDPOINTS].sort()).toEqual(
      ['bindings', 'connections', 'consumers', 'exchanges', 'overview', 'queues', 'vhosts'].sort(),
    );
  });

  it('reads one vhost, never the list of vhosts or anything below one', () => {
    expect(resolveManagementPath(['vhosts', '/'])).toEqual({
      ok: true,
      endpoint: 'vhosts',
      vhost: '/',
      upstreamPath: '/api/vhosts/%2F',
    });
    expect(resolveManagementPath(['vhosts']).ok).toBe(false);
    expect(resolveManagementPath(['vhosts', 'x', 'permissions']).ok).toBe(false);
  });
});

describe('buildUpstreamUrl', () => {
  it('appends the path to the base URL', () => {
    expect(buildUpstreamUrl(BASE, '/api/queues/%2F')).toBe('http://127.0.0.1:15672/api/queues/%2F');
    expect(buildUpstreamUrl(`${BASE}/`, '/api/overview')).toBe(
      'http://127.0.0.1:15672/api/overview',
    );
  });

  it('keeps a base path (a management API behind a reverse proxy)', () => {
    expect(buildUpstreamUrl('https://mq.example/rabbitmq/', '/api/queues/my%20vhost')).toBe(
      'https://mq.example/rabbitmq/api/queues/my%20vhost',
    );
  });

  it('ignores a query or fragment on the base URL', () => {
    expect(buildUpstreamUrl(`${BASE}/?x=1#y`, '/api/overview')).toBe(`${BASE}/api/overview`);
  });

  it.each([
    ['//evil.com/api/overview'],
    ['http://evil.com/api/overview'],
    ['https:evil.com/api/overview'],
    ['@evil.com/api/overview'],
    ['/users'],
    ['api/overview'],
    [''],
  ])('refuses %s: not a path under /api/', (path) => {
    expect(() => buildUpstreamUrl(BASE, path)).toThrow();
  });

  it.each([
    ['/api/../users'],
    ['/api/%2e%2e/users'],
    ['/api/queues/%2E%2E/%2e%2e/x'],
    ['/api/./overview'],
    ['/api/queues\\..\\..\\users'],
    ['/api/overview?columns=name'],
    ['/api/overview#x'],
    ['/api/queues/a b'],
    ['/api/queues/\u0000'],
  ])('refuses %j: the URL parser would change it', (path) => {
    expect(() => buildUpstreamUrl(BASE, path)).toThrow();
  });

  it('refuses a base path escape through dot segments', () => {
    expect(() => buildUpstreamUrl('https://mq.example/rabbitmq', '/api/../../admin')).toThrow();
  });

  it('refuses a base URL with credentials or another scheme', () => {
    expect(() => buildUpstreamUrl('http://user:pw@127.0.0.1:15672', '/api/overview')).toThrow();
    expect(() => buildUpstreamUrl('file:///etc', '/api/overview')).toThrow();
    expect(() => buildUpstreamUrl('javascript:alert(1)', '/api/overview')).toThrow();
  });

  it.each([
    '/',
    'my vhost',
    '@evil.com',
    'user:pw@evil.com',
    'http:',
    'evil.com:80',
    'ünïcødé',
    '%',
    '😀',
    '\'"<>{}|^`',
  ])('keeps the origin for anything the allow-list lets through, e.g. %j', (vhost) => {
    const resolved = resolveManagementPath(['queues', vhost]);
    if (!resolved.ok) return; // refused is safe too
    const url = new URL(buildUpstreamUrl(BASE, resolved.upstreamPath));
    expect(url.origin).toBe(BASE);
    expect(url.pathname.startsWith('/api/queues/')).toBe(true);
    expect(url.pathname.split('/')).toHaveLength(4);
    expect(decodeURIComponent(url.pathname.split('/')[3] ?? '')).toBe(vhost);
  });
});
