/**
 * GET /api/management/<endpoint>[/<vhost>]: a read-only window on a few RabbitMQ management
 * API endpoints for the topology panel. Only the dashboard's own hosts and pages, only
 * allow-listed paths, only the configured management URL, only the credentials the connection
 * form sends (or the server's, when explicitly configured), a few requests at a time.
 * The rules live in lib/management/ (allow-list, request-guard, concurrency-limiter, upstream).
 */
import { errorMessage } from '@/lib/util/result';
import { loadConfig } from '@/lib/config/env';
import { resolveManagementPath } from '@/lib/management/allow-list';
import { clientAddress, ConcurrencyLimiter } from '@/lib/management/concurrency-limiter';
import type { ManagementErrorBody, ManagementErrorKind } from '@/lib/management/protocol';
import {
  checkRequestHost,
  checkRequestSite,
  readCredentials,
  type GuardRefusal,
} from '@/lib/management/request-guard';
import { readManagement } from '@/lib/management/upstream';
import { allowedHostsFromEnv } from '@/lib/security/host-check';
import { truncateForDisplay } from '@/lib/util/truncate';

export const dynamic = 'force-dynamic';

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Type': 'application/json',
  'X-Content-Type-Options': 'nosniff',
};

/** One per server process: every request of this route shares the limits. */
const limiter = new ConcurrencyLimiter();

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...headers } });
}

function error(
  status: number,
  kind: ManagementErrorKind,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body: ManagementErrorBody = { error: message, kind };
  return json(status, body, headers);
}

const refuse = ({ status, kind, error: message }: GuardRefusal) => error(status, kind, message);

export async function GET(
  request: Request,
  context: { params: Promise<{ path: string[] }> },
): Promise<Response> {
  // proxy.ts checks the host too; the route does not rely on it, since it holds the data.
  const host = checkRequestHost(request.headers, allowedHostsFromEnv(process.env));
  if (!host.ok) return refuse(host.error);
  const site = checkRequestSite(request.headers);
  if (!site.ok) return error(403, 'cross-site', site.error);

  if (new URL(request.url).search !== '') {
    return error(404, 'not-found', 'The management route takes no query string.');
  }
  const { path } = await context.params;
  const resolved = resolveManagementPath(path);
  if (!resolved.ok) return error(resolved.status, 'not-found', resolved.error);

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (problem) {
    // The message lists STOMPWATCH_* problems (never the passcode); it belongs in the server log.
    console.error(errorMessage(problem));
    return error(
      500,
      'server-config',
      "The dashboard server's configuration is invalid; see its log.",
    );
  }

  const credentials = readCredentials(request.headers, config.managementCredentials);
  if (!credentials.ok) return refuse(credentials.error);

  const slot = limiter.tryAcquire(clientAddress(request.headers));
  if (!slot.ok) {
    return error(429, 'too-many-requests', slot.error.error, {
      'Retry-After': String(slot.error.retryAfterSeconds),
    });
  }
  try {
    const outcome = await readManagement({
      baseUrl: config.managementUrl,
      resolved,
      credentials: credentials.value,
      signal: request.signal,
    });
    return outcome.ok ? json(200, outcome.value) : json(outcome.status, outcome.body);
  } finally {
    slot.value();
  }
}

function methodNotAllowed(request: Request): Response {
  const headers = { ...BASE_HEADERS, Allow: 'GET' };
  if (request.method === 'HEAD') return new Response(null, { status: 405, headers });
  const body: ManagementErrorBody = {
    error: `The management route is read-only: ${truncateForDisplay(request.method, 20)} is not allowed, only GET.`,
    kind: 'method-not-allowed',
  };
  return new Response(JSON.stringify(body), { status: 405, headers });
}

// Explicit handlers, so Next's automatic HEAD (which would run GET) and OPTIONS never apply.
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
export const HEAD = methodNotAllowed;
export const OPTIONS = methodNotAllowed;
