/**
 * The only RabbitMQ management API calls the dashboard's server makes on a browser's behalf.
 *
 * The browser asks for `/api/management/<endpoint>[/<vhost>]`; Next.js hands the route the
 * path segments, each percent-decoded once. The vhost travels as ONE segment, so the default
 * vhost `/` arrives as `%2F` and is decoded to `/`; it is re-encoded here with
 * `encodeURIComponent` when the upstream path is built (`/api/queues/%2F`). Everything else
 * that could steer the upstream request (`.`/`..`, a `/` or `%` left after decoding, `\`,
 * `?`, `#`, control characters, extra or missing segments, names off the list) is refused.
 */

/** The endpoints the dashboard may read, without their vhost. */
export const MANAGEMENT_ENDPOINTS = [
  'overview',
  'exchanges',
  'queues',
  'bindings',
  'consumers',
  'connections',
  // GET /api/vhosts/<vhost> only (never the list): whether the firehose (`tracing`) is on.
  'vhosts',
] as const;

/** One of {@link MANAGEMENT_ENDPOINTS}. */
export type ManagementEndpoint = (typeof MANAGEMENT_ENDPOINTS)[number];

/** Endpoints that take a vhost segment (`/api/queues/{vhost}`). */
const PER_VHOST: ReadonlySet<ManagementEndpoint> = new Set([
  'exchanges',
  'queues',
  'bindings',
  'consumers',
  'vhosts',
]);

/** Whether the endpoint needs a vhost segment. */
export function endpointTakesVhost(endpoint: ManagementEndpoint): boolean {
  return PER_VHOST.has(endpoint);
}

/** An allow-listed request: what to call upstream, relative to the management base URL. */
export type ResolvedManagementPath = {
  ok: true;
  endpoint: ManagementEndpoint;
  /** The vhost, decoded (`/` for the default one); absent for `overview` and `connections`. */
  vhost?: string;
  /** The path below the base URL, e.g. `/api/queues/%2F`. */
  upstreamPath: string;
};

export type ManagementPathResult =
  ResolvedManagementPath | { ok: false; status: 404; error: string };

const NOT_FOUND = (error: string) => ({ ok: false, status: 404, error }) as const;

const ALLOWED_LIST =
  'overview, connections, or exchanges|queues|bindings|consumers|vhosts followed by a vhost';

/**
 * Why a decoded vhost segment is refused, or null when it is safe to re-encode. The default
 * vhost `/` is the one value allowed to contain a slash.
 */
function vhostProblem(vhost: string): string | null {
  if (vhost === '/') return null;
  if (vhost === '') return 'the vhost is empty';
  if (vhost === '.' || vhost.includes('..')) return 'the vhost contains a dot segment';
  if (vhost.includes('/')) return 'the vhost contains "/" (only the default vhost "/" may)';
  if (vhost.includes('%')) return 'the vhost is still percent-encoded after decoding';
  if (/[\\?#]/.test(vhost)) return 'the vhost contains "\\", "?" or "#"';
  if (/[\u0000-\u001f\u007f]/.test(vhost)) return 'the vhost contains a control character';
  return null;
}

/**
 * Maps the decoded path segments after `/api/management/` to an allow-listed upstream path.
 * Anything off the list is a 404 with a short reason that never echoes the request.
 *
 * @example resolveManagementPath(['queues', '/']) // { ok: true, endpoint: 'queues', vhost: '/', upstreamPath: '/api/queues/%2F' }
 * @example resolveManagementPath(['overview']) // { ok: true, endpoint: 'overview', upstreamPath: '/api/overview' }
 * @example resolveManagementPath(['users']) // { ok: false, status: 404, error: 'Unknown management endpoint…' }
 */
export function resolveManagementPath(segments: readonly string[]): ManagementPathResult {
  const [name, vhost, ...extra] = segments;
  const endpoint = MANAGEMENT_ENDPOINTS.find((candidate) => candidate === name);
  if (endpoint === undefined) {
    return NOT_FOUND(`Unknown management endpoint; the dashboard serves only ${ALLOWED_LIST}.`);
  }
  if (!endpointTakesVhost(endpoint)) {
    if (vhost !== undefined) return NOT_FOUND(`The ${endpoint} endpoint takes no further path.`);
    return { ok: true, endpoint, upstreamPath: `/api/${endpoint}` };
  }
  if (vhost === undefined) {
    return NOT_FOUND(`The ${endpoint} endpoint needs a vhost: /api/management/${endpoint}/%2F.`);
  }
  if (extra.length > 0) {
    return NOT_FOUND(
      `The ${endpoint} endpoint takes exactly one vhost segment; write "/" in a vhost as %2F.`,
    );
  }
  const problem = vhostProblem(vhost);
  if (problem) return NOT_FOUND(`Refused the ${endpoint} request: ${problem}.`);
  return {
    ok: true,
    endpoint,
    vhost,
    upstreamPath: `/api/${endpoint}/${encodeURIComponent(vhost)}`,
  };
}

/**
 * Joins the configured management base URL and an upstream path from
 * {@link resolveManagementPath}, and proves the result stays on the base URL: same origin, the
 * path is exactly the base path plus `upstreamPath` (nothing normalised away), under
 * `<base path>/api/`, and no query, fragment or credentials. Throws when any of that fails; a
 * throw means a bug or a hostile input got past the allow-list, never a user error.
 *
 * @example buildUpstreamUrl('http://127.0.0.1:15672', '/api/queues/%2F') // 'http://127.0.0.1:15672/api/queues/%2F'
 * @example buildUpstreamUrl('https://host/rabbitmq/', '/api/overview') // 'https://host/rabbitmq/api/overview'
 */
export function buildUpstreamUrl(baseUrl: string, upstreamPath: string): string {
  const base = new URL(baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error('The management base URL must be http:// or https://');
  }
  if (base.username !== '' || base.password !== '') {
    throw new Error('The management base URL must not carry credentials');
  }
  if (!upstreamPath.startsWith('/api/')) {
    throw new Error('The upstream path must start with /api/');
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const expectedPath = `${basePath}${upstreamPath}`;
  const url = new URL(`${base.origin}${expectedPath}`);
  if (url.origin !== base.origin) throw new Error('The upstream URL left the management origin');
  if (url.pathname !== expectedPath || !url.pathname.startsWith(`${basePath}/api/`)) {
    throw new Error('The upstream URL left the management API path');
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error('The upstream URL carries a query, fragment or credentials');
  }
  return url.href;
}
