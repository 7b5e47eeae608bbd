import { err, type Err, ok, type Ok } from '@/lib/util/result';
import { endpointTakesVhost, resolveManagementPath, type ManagementEndpoint } from './allow-list';
import {
  encodeCredential,
  LOGIN_HEADER,
  MANAGEMENT_ROUTE,
  PASSCODE_HEADER,
  type ManagementCredentials,
  type ManagementErrorKind,
} from './protocol';
import type { ManagementData } from './sanitize';

/**
 * The browser side of `/api/management/...`: same-origin requests to the dashboard's own
 * server, which calls RabbitMQ's management API (CORS keeps the browser from calling it).
 */

/**
 * A management answer, or a sentence for a person and, when the server said, why (so the
 * topology panel can ask for a login on `credentials-required`).
 */
export type ManagementResult<T> = Ok<T> | (Err & { kind?: ManagementErrorKind });

export interface FetchManagementOptions {
  /** The vhost for exchanges, queues, bindings and consumers; defaults to "/". */
  vhost?: string;
  /**
   * From the connection form; sent only with a login. Without them the server answers 401
   * `credentials-required` unless it has a management login of its own configured.
   */
  credentials?: ManagementCredentials;
  /** The dashboard's base path (STOMPWATCH_BASE_PATH at build time); '' at the root. */
  basePath?: string;
  signal?: AbortSignal;
  /** For tests; defaults to the global `fetch`. */
  fetchImpl?: typeof fetch;
}

function errorKind(body: unknown): ManagementErrorKind | undefined {
  if (
    typeof body === 'object' &&
    body !== null &&
    'kind' in body &&
    typeof body.kind === 'string'
  ) {
    return body.kind as ManagementErrorKind;
  }
  return undefined;
}

function errorText(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    return typeof body.error === 'string' && body.error !== '' ? body.error : null;
  }
  return null;
}

/**
 * Reads one management endpoint through the dashboard's server. Never throws: failures come
 * back as a sentence for a person (the server's own explanation when it gave one, such as
 * "The management API refused the credentials (401): check the login and passcode.").
 *
 * @example
 * const queues = await fetchManagement('queues', { vhost: '/', credentials: { login, passcode } });
 * if (queues.ok) render(queues.value); else showError(queues.error);
 */
export async function fetchManagement<E extends ManagementEndpoint>(
  endpoint: E,
  options: FetchManagementOptions = {},
): Promise<ManagementResult<ManagementData[E]>> {
  const vhost = options.vhost ?? '/';
  const segments = endpointTakesVhost(endpoint) ? [endpoint, vhost] : [endpoint];
  const checked = resolveManagementPath(segments);
  if (!checked.ok) return err(checked.error);
  const basePath = options.basePath ?? process.env.NEXT_PUBLIC_STOMPWATCH_BASE_PATH ?? '';
  const path = [`${basePath}${MANAGEMENT_ROUTE}`, ...segments.map(encodeURIComponent)].join('/');

  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.credentials && options.credentials.login !== '') {
    headers[LOGIN_HEADER] = encodeCredential(options.credentials.login);
    headers[PASSCODE_HEADER] = encodeCredential(options.credentials.passcode);
  }

  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(path, {
      method: 'GET',
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
      return err('The request was cancelled.');
    }
    return err(
      'Could not reach the dashboard server to ask the management API: check that it is still running.',
    );
  }

  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, a crash): explained by status below.
  }
  if (response.ok && body !== null) return ok(body as ManagementData[E]);
  const explained = errorText(body);
  if (explained) return { ok: false, error: explained, kind: errorKind(body) };
  if (response.status === 401) {
    return err('The management API refused the credentials (401): check the login and passcode.');
  }
  if (response.status === 502 || response.status === 504) {
    return err('The management API is unreachable: check that the broker is running.');
  }
  return err(
    `The dashboard server answered ${response.status} to ${endpoint} without an explanation.`,
  );
}

/** Everything {@link buildTopology} needs besides the panes. */
export interface TopologyLists {
  queues: ManagementData['queues'];
  bindings: ManagementData['bindings'];
  consumers: ManagementData['consumers'];
  exchanges: ManagementData['exchanges'];
}

/** Reads the four lists of one vhost in parallel; the first failure (in that order) wins. */
export async function fetchTopologyLists(
  options: FetchManagementOptions = {},
): Promise<ManagementResult<TopologyLists>> {
  const [queues, bindings, consumers, exchanges] = await Promise.all([
    fetchManagement('queues', options),
    fetchManagement('bindings', options),
    fetchManagement('consumers', options),
    fetchManagement('exchanges', options),
  ]);
  if (!queues.ok) return queues;
  if (!bindings.ok) return bindings;
  if (!consumers.ok) return consumers;
  if (!exchanges.ok) return exchanges;
  return ok({
    queues: queues.value,
    bindings: bindings.value,
    consumers: consumers.value,
    exchanges: exchanges.value,
  });
}
