import { ok } from '@/lib/util/result';
import type { ResolvedManagementPath } from './allow-list';
import { buildUpstreamUrl } from './allow-list';
import type { ManagementCredentials, ManagementErrorBody, ManagementErrorKind } from './protocol';
import { basicAuthorization } from './request-guard';
import { sanitizeManagementResponse, type ManagementData } from './sanitize';
import { truncateForDisplay } from '@/lib/util/truncate';

/**
 * How long and how much the server waits for the management API, so every request of the
 * route ends: a stalled or endless upstream answer becomes a clear error, never an open socket.
 */
export interface UpstreamLimits {
  /** From the request until the response headers (connecting included). */
  connectTimeoutMs: number;
  /** The longest silence allowed between two pieces of the body. */
  readTimeoutMs: number;
  /** The whole call, so a body that trickles in forever still ends. */
  totalTimeoutMs: number;
  /** The most body the server reads; 25 MB queue lists are refused, not buffered. */
  maxBodyBytes: number;
}

export const UPSTREAM_LIMITS: UpstreamLimits = {
  connectTimeoutMs: 5000,
  readTimeoutMs: 5000,
  totalTimeoutMs: 15_000,
  maxBodyBytes: 8 * 1024 * 1024,
};

export interface UpstreamRequest {
  /** The configured management base URL (never from the request). */
  baseUrl: string;
  resolved: ResolvedManagementPath;
  credentials: ManagementCredentials;
  /** The incoming request's signal, so a browser that gives up stops the upstream call too. */
  signal?: AbortSignal;
  limits?: Partial<UpstreamLimits>;
  fetchImpl?: typeof fetch;
}

/** A sanitized answer, or an error ready to send: a status and a body in plain words. */
export type UpstreamOutcome<E extends keyof ManagementData = keyof ManagementData> =
  { ok: true; value: ManagementData[E] } | { ok: false; status: number; body: ManagementErrorBody };

/** Why the upstream call was stopped early (the abort reason of its controller). */
type StopReason = 'connect-timeout' | 'read-timeout' | 'total-timeout' | 'cancelled';

class BodyTooLarge extends Error {}

/**
 * Rejects as soon as `signal` aborts, whatever `promise` does: an injected fetch, or a body
 * stream, that ignores the signal still cannot hold the request open.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Reads a body as text, piece by piece: at most `maxBytes` (then {@link BodyTooLarge}), with
 * at most `readTimeoutMs` of silence between pieces (then the controller aborts with
 * 'read-timeout'). The stream is cancelled whenever reading stops early.
 */
async function readBodyText(
  response: Response,
  limits: UpstreamLimits,
  controller: AbortController,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  try {
    for (;;) {
      const silence = setTimeout(
        () => controller.abort('read-timeout' satisfies StopReason),
        limits.readTimeoutMs,
      );
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await untilAborted(reader.read(), controller.signal);
      } finally {
        clearTimeout(silence);
      }
      if (chunk.done) break;
      received += chunk.value.byteLength;
      if (received > limits.maxBodyBytes) throw new BodyTooLarge();
      parts.push(decoder.decode(chunk.value, { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join('');
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}

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
    return `${head}: the user may not access the vhost "${truncateForDisplay(resolved.vhost)}". Grant it permissions there, or pick another vhost.`;
  }
  return `${head}: check the login and passcode.`;
}

async function upstreamReason(
  response: Response,
  limits: UpstreamLimits,
  controller: AbortController,
): Promise<string> {
  try {
    const body: unknown = JSON.parse(
      await readBodyText(response, { ...limits, maxBodyBytes: 64 * 1024 }, controller),
    );
    if (typeof body === 'object' && body !== null && 'reason' in body) {
      return typeof body.reason === 'string' ? body.reason : '';
    }
  } catch {
    // Not JSON, too large or too slow: nothing to classify by.
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
  const limits = { ...UPSTREAM_LIMITS, ...request.limits };
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

  // One controller stops everything: the caller's abort and each timeout, with its reason.
  const controller = new AbortController();
  const stop = (reason: StopReason) => controller.abort(reason);
  const onCallerAbort = () => stop('cancelled');
  if (request.signal?.aborted) stop('cancelled');
  request.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const totalTimer = setTimeout(() => stop('total-timeout'), limits.totalTimeoutMs);
  const connectTimer = setTimeout(() => stop('connect-timeout'), limits.connectTimeoutMs);
  try {
    const response = await untilAborted(
      fetchImpl(url, {
        method: 'GET',
        headers: { Accept: 'application/json', Authorization: basicAuthorization(credentials) },
        redirect: 'manual',
        cache: 'no-store',
        signal: controller.signal,
      }),
      controller.signal,
    );
    clearTimeout(connectTimer);
    return await interpret(response, request, limits, controller);
  } catch (error) {
    return describeFailure(error, controller.signal, request, limits);
  } finally {
    clearTimeout(connectTimer);
    clearTimeout(totalTimer);
    request.signal?.removeEventListener('abort', onCallerAbort);
    // Whatever happened, nothing of this call stays open.
    if (!controller.signal.aborted) controller.abort('cancelled' satisfies StopReason);
  }
}

async function interpret(
  response: Response,
  { baseUrl, resolved }: UpstreamRequest,
  limits: UpstreamLimits,
  controller: AbortController,
): Promise<UpstreamOutcome> {
  if (response.ok) {
    const text = await readBodyText(response, limits, controller);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail(
        502,
        'bad-upstream',
        `The management API at ${baseUrl} answered ${resolved.endpoint} with something that is not JSON. Is STOMPWATCH_MANAGEMENT_URL the RabbitMQ management plugin?`,
      );
    }
    const sanitized = sanitizeManagementResponse(resolved.endpoint, body);
    if (!sanitized.ok) return fail(502, 'bad-upstream', sanitized.error);
    return ok(sanitized.value);
  }
  if (response.status === 401) {
    return fail(
      401,
      'unauthorized',
      describeUnauthorized(await upstreamReason(response, limits, controller), resolved),
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
      `The vhost "${truncateForDisplay(resolved.vhost)}" does not exist on the broker at ${baseUrl} (404).`,
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
}

function describeFailure(
  error: unknown,
  signal: AbortSignal,
  { baseUrl, resolved }: UpstreamRequest,
  limits: UpstreamLimits,
): UpstreamOutcome {
  const seconds = (ms: number) => `${ms / 1000} s`;
  const reason: unknown = signal.aborted ? signal.reason : undefined;
  if (error instanceof BodyTooLarge) {
    return fail(
      502,
      'too-large',
      `The management API's answer to ${resolved.endpoint} is larger than ${limits.maxBodyBytes / (1024 * 1024)} MB, more than the dashboard reads. Use a vhost with fewer queues and bindings for the topology.`,
    );
  }
  const name = error instanceof Error ? error.name : '';
  if (reason === 'connect-timeout' || (reason === undefined && name === 'TimeoutError')) {
    return fail(
      504,
      'timeout',
      `The management API at ${baseUrl} did not answer within ${seconds(limits.connectTimeoutMs)}. Check that the broker is running and not overloaded.`,
    );
  }
  if (reason === 'read-timeout') {
    return fail(
      504,
      'timeout',
      `The management API at ${baseUrl} stopped sending its answer to ${resolved.endpoint} for ${seconds(limits.readTimeoutMs)}. Check that the broker is not overloaded.`,
    );
  }
  if (reason === 'total-timeout') {
    return fail(
      504,
      'timeout',
      `The management API at ${baseUrl} did not finish its answer to ${resolved.endpoint} within ${seconds(limits.totalTimeoutMs)}. Check that the broker is not overloaded.`,
    );
  }
  if (reason === 'cancelled' || name === 'AbortError') {
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
