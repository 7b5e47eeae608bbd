import type { ResolvedManagementPath } from './allow-list';
import { buildUpstreamUrl } from './allow-list';
import type { ManagementCredentials, ManagementErrorBody, ManagementErrorKind } from './protocol';
import { basicAuthorization } from './request-guard';
import { sanitizeManagementResponse, type ManagementData } from './sanitize';

/** How long the server waits for the management API, headers and body together. */
export const UPSTREAM_TIMEOUT_MS = 5000;

export interface UpstreamRequest {
  /** The configured management base URL (never from the request). */
  baseUrl: string;
  resolved: ResolvedManagementPath;
  credentials: ManagementCredentials;
  /** The incoming request's signal, so a browser that gives up stops the upstream call too. */
  signal?: AbortSignal;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** A sanitized answer, or an error ready to send: a status and a body in plain words. */
export type UpstreamOutcome<E extends keyof ManagementData = keyof ManagementData> =
  { ok: true; value: ManagementData[E] } | { ok: false; status: number; body: ManagementErrorBody };

const fail = (status: number, kind: ManagementErrorKind, error: string) =>
  ({ ok: false, status, body: { error, kind } }) as const;

/** Network error codes (from undici's `cause.code`) in words. */
function describeNetworkError(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was reset';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection timed out';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route to the host';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return 'its TLS certificate was not accepted';
  }
  return 'the network request failed';
}

/**
 * RabbitMQ answers 401 for three different problems; its JSON `reason` tells them apart. The
 * reason is only matched against known texts, never passed on.
 */
function describeUnauthorized(reason: string, resolved: ResolvedManagementPath): string {
  const head = 'The management API refused the credentials (401)';
  if (/not management user/i.test(reason)) {
    return `${head}: the user has no management tag. Give it the "management", "monitoring" or "administrator" tag, or use another user.`;
  }
  if (/virtual host/i.test(reason) && resolved.vhost !== undefined) {
    return `${head}: the user may not access the vhost "${resolved.vhost}". Grant it permissions there, or pick another vhost.`;
  }
  return `${head}: check the login and passcode.`;
}

async function upstreamReason(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'reason' in body) {
      return typeof body.reason === 'string' ? body.reason : '';
    }
  } catch {
    // Not JSON: nothing to classify by.
  }
  return '';
}

/**
 * Calls one allow-listed management endpoint and returns its sanitized JSON. No redirect is
 * followed (it could lead off the configured host), nothing from the upstream answer besides
 * parsed, trimmed JSON is returned, and every failure becomes a status and a sentence that
 * names the configured base URL but never the credentials or the upstream body.
 */
export async function readManagement(request: UpstreamRequest): Promise<UpstreamOutcome> {
  const { baseUrl, resolved, credentials } = request;
  const fetchImpl = request.fetchImpl ?? fetch;
  const timeout = AbortSignal.timeout(request.timeoutMs ?? UPSTREAM_TIMEOUT_MS);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const seconds = (request.timeoutMs ?? UPSTREAM_TIMEOUT_MS) / 1000;
  let url: string;
  try {
    url = buildUpstreamUrl(baseUrl, resolved.upstreamPath);
  } catch {
    return fail(
      500,
      'server-config',
      `Refused to call the management API: the request would leave ${baseUrl}.`,
    );
  }
  try {
    const response = await fetchImpl(url, {
      method: 'GET',
      headers: { Accept: 'application/json', Authorization: basicAuthorization(credentials) },
      redirect: 'manual',
      cache: 'no-store',
      signal,
    });
    if (response.ok) {
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (
          error instanceof Error &&
          (error.name === 'TimeoutError' || error.name === 'AbortError')
        ) {
          throw error;
        }
        return fail(
          502,
          'bad-upstream',
          `The management API at ${baseUrl} answered ${resolved.endpoint} with something that is not JSON. Is STOMPWATCH_MANAGEMENT_URL the RabbitMQ management plugin?`,
        );
      }
      const sanitized = sanitizeManagementResponse(resolved.endpoint, body);
      if (!sanitized.ok) return fail(502, 'bad-upstream', sanitized.error);
      return { ok: true, value: sanitized.value };
    }
    if (response.status === 401) {
      return fail(
        401,
        'unauthorized',
        describeUnauthorized(await upstreamReason(response), resolved),
      );
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 300 && response.status < 400) {
      return fail(
        502,
        'bad-upstream',
        `The management API at ${baseUrl} answered with a redirect (${response.status}), which the dashboard does not follow. Set STOMPWATCH_MANAGEMENT_URL to the address it redirects to.`,
      );
    }
    if (response.status === 403) {
      return fail(
        403,
        'forbidden',
        `The management API refused access to ${resolved.endpoint} (403) for this user.`,
      );
    }
    if (response.status === 404 && resolved.vhost !== undefined) {
      return fail(
        404,
        'not-found',
        `The vhost "${resolved.vhost}" does not exist on the broker at ${baseUrl} (404).`,
      );
    }
    if (response.status === 404) {
      return fail(
        502,
        'bad-upstream',
        `The management API at ${baseUrl} has no ${resolved.upstreamPath} (404). Is STOMPWATCH_MANAGEMENT_URL the RabbitMQ management plugin?`,
      );
    }
    return fail(
      502,
      'bad-upstream',
      `The management API at ${baseUrl} failed with status ${response.status}. Check the broker's log.`,
    );
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError') {
      return fail(
        504,
        'timeout',
        `The management API at ${baseUrl} did not answer within ${seconds} s. Check that the broker is running and not overloaded.`,
      );
    }
    if (name === 'AbortError') {
      return fail(
        503,
        'unreachable',
        'The request was cancelled before the management API answered.',
      );
    }
    return fail(
      502,
      'unreachable',
      `The management API is not reachable at ${baseUrl}: ${describeNetworkError(error)}. Start the broker (npm run broker -- start), or set STOMPWATCH_MANAGEMENT_URL to where its management plugin listens.`,
    );
  }
}
