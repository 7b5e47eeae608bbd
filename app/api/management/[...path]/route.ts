/**
 * GET /api/management/<endpoint>[/<vhost>]: a read-only window on a few RabbitMQ management
 * API endpoints for the topology panel. Only allow-listed paths, only the configured
 * management URL, credentials from the connection form's headers or the server's configuration.
 * The path rules live in lib/management/allow-list.ts.
 */
import { loadConfig } from '@/lib/config/env';
import { resolveManagementPath } from '@/lib/management/allow-list';
import type { ManagementErrorBody, ManagementErrorKind } from '@/lib/management/protocol';
import { checkRequestSite, readCredentials } from '@/lib/management/request-guard';
import { readManagement } from '@/lib/management/upstream';

export const dynamic = 'force-dynamic';

const BASE_HEADERS = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...headers } });
}

function error(status: number, kind: ManagementErrorKind, message: string): Response {
  const body: ManagementErrorBody = { error: message, kind };
  return json(status, body);
}

export async function GET(
  request: Request,
  context: { params: Promise<{ path: string[] }> },
): Promise<Response> {
  const site = checkRequestSite(request.headers, request.url);
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
    console.error(problem instanceof Error ? problem.message : problem);
    return error(
      500,
      'server-config',
      "The dashboard server's configuration is invalid; see its log.",
    );
  }

  const credentials = readCredentials(request.headers, {
    login: config.login,
    passcode: config.passcode,
  });
  if (!credentials.ok) return error(400, 'bad-credentials-header', credentials.error);

  const outcome = await readManagement({
    baseUrl: config.managementUrl,
    resolved,
    credentials: credentials.value,
    signal: request.signal,
  });
  return outcome.ok ? json(200, outcome.value) : json(outcome.status, outcome.body);
}

function methodNotAllowed(request: Request): Response {
  const headers = { ...BASE_HEADERS, Allow: 'GET' };
  if (request.method === 'HEAD') return new Response(null, { status: 405, headers });
  const body: ManagementErrorBody = {
    error: `The management route is read-only: ${request.method} is not allowed, only GET.`,
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
