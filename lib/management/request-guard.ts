import { isAllowedHost, MISDIRECTED_MESSAGE, type AllowedHost } from '@/lib/security/host-check';
import { err, ok, type Result } from '@/lib/util/result';
import {
  decodeCredential,
  LOGIN_HEADER,
  PASSCODE_HEADER,
  type ManagementCredentials,
  type ManagementErrorKind,
} from './protocol';

/** A refused request, ready to answer: status, kind and a sentence that echoes no secret. */
export interface GuardRefusal {
  status: number;
  kind: ManagementErrorKind;
  error: string;
}

/**
 * Refuses requests whose `Host` is not one the dashboard is served under (DNS rebinding: a
 * page on attacker.test resolving to this server is same-origin with itself), with 421.
 */
export function checkRequestHost(
  headers: Headers,
  allowed: readonly AllowedHost[],
): Result<true, GuardRefusal> {
  if (isAllowedHost(headers.get('host'), allowed)) return ok(true);
  return err({ status: 421, kind: 'misdirected', error: MISDIRECTED_MESSAGE });
}

/**
 * True when an `Origin` header names the host the request was sent to. Next.js builds
 * `request.url` from its own listening address (http://localhost:<port>), not from what the
 * browser used, so the comparison is with the `Host` header, which {@link checkRequestHost}
 * has already checked. The origin's scheme decides the default port.
 */
function isOwnOrigin(origin: string, hostHeader: string | null): boolean {
  if (hostHeader === null) return false;
  try {
    const parsed = new URL(origin);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    return parsed.host === new URL(`${parsed.protocol}//${hostHeader}`).host;
  } catch {
    return false;
  }
}

/**
 * Checks that a request to the management route comes from the dashboard's own pages (or from a
 * non-browser client), so another site cannot make a visitor's browser use the route and its
 * credentials. Browsers send `Sec-Fetch-Site`: `same-origin` passes, `none` (the address bar,
 * a bookmark) passes, `same-site` and `cross-site` do not. Without that header (older browsers,
 * curl), an `Origin` header, when present, must name the `Host` the request was sent to.
 * `same-origin` alone proves nothing about the host (a rebound name is same-origin with
 * itself): call {@link checkRequestHost} first.
 *
 * @example checkRequestSite(new Headers({ 'sec-fetch-site': 'cross-site' }))
 * // err('Refused a cross-site request…')
 */
export function checkRequestSite(headers: Headers): Result<true> {
  const site = headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return ok(true);
  if (site !== null) {
    return err(
      `Refused a ${site} request: the management route answers only the dashboard's own pages.`,
    );
  }
  const origin = headers.get('origin');
  if (origin !== null && !isOwnOrigin(origin, headers.get('host'))) {
    return err(
      "Refused a request from another origin: the management route answers only the dashboard's own pages.",
    );
  }
  return ok(true);
}

/**
 * The credentials to use upstream: those the connection form sent in the
 * `x-stompwatch-login`/`x-stompwatch-passcode` headers. Without them, the server's own
 * management login only when one is explicitly configured (`configured` is then not null);
 * otherwise 401, so the dashboard never lends a login to whoever can reach it.
 * Errors describe the problem without repeating either value.
 */
export function readCredentials(
  headers: Headers,
  configured: ManagementCredentials | null,
): Result<ManagementCredentials, GuardRefusal> {
  const badHeader = (error: string) =>
    err<GuardRefusal>({ status: 400, kind: 'bad-credentials-header', error });
  const rawLogin = headers.get(LOGIN_HEADER);
  const rawPasscode = headers.get(PASSCODE_HEADER);
  if (rawLogin === null && rawPasscode === null) {
    if (configured) return ok(configured);
    return err({
      status: 401,
      kind: 'credentials-required',
      error:
        'Sign in first: the management API is read with your own RabbitMQ login and passcode, and this request carried none. Enter them in the connection form and Connect.',
    });
  }
  const login = decodeCredential(rawLogin ?? '');
  const passcode = decodeCredential(rawPasscode ?? '');
  if (login === null || passcode === null) {
    return badHeader('The login or passcode header is not valid percent-encoding.');
  }
  if (login === '') {
    return badHeader('The login is empty. Enter the login you use for RabbitMQ.');
  }
  if (login.includes(':')) {
    return badHeader(
      'The login contains ":", which HTTP basic authentication cannot carry; the management API cannot be asked with it.',
    );
  }
  return ok({ login, passcode });
}

/** The `Authorization` header value for basic auth, UTF-8 encoded as RabbitMQ expects. */
export function basicAuthorization({ login, passcode }: ManagementCredentials): string {
  const bytes = new TextEncoder().encode(`${login}:${passcode}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
