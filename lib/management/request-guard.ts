import type { Result } from '@/lib/util/result';
import {
  decodeCredential,
  LOGIN_HEADER,
  PASSCODE_HEADER,
  type ManagementCredentials,
} from './protocol';

/**
 * Checks that a request to the management route comes from the dashboard's own pages (or from a
 * non-browser client), so another site cannot make a visitor's browser use the route and its
 * credentials. Browsers send `Sec-Fetch-Site`: `same-origin` passes, `none` (the address bar,
 * a bookmark) passes, `same-site` and `cross-site` do not. Without that header (older browsers,
 * curl), an `Origin` header, when present, must be the route's own origin.
 *
 * @example checkRequestSite(new Headers({ 'sec-fetch-site': 'cross-site' }), 'http://localhost:3000/api/management/overview')
 * // { ok: false, error: 'Refused a cross-site request…' }
 */
export function checkRequestSite(headers: Headers, requestUrl: string): Result<true> {
  const site = headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return { ok: true, value: true };
  if (site !== null) {
    return {
      ok: false,
      error: `Refused a ${site} request: the management route answers only the dashboard's own pages.`,
    };
  }
  const origin = headers.get('origin');
  if (origin !== null && origin !== new URL(requestUrl).origin) {
    return {
      ok: false,
      error:
        "Refused a request from another origin: the management route answers only the dashboard's own pages.",
    };
  }
  return { ok: true, value: true };
}

/**
 * The credentials to use upstream: those the connection form sent in the
 * `x-stompwatch-login`/`x-stompwatch-passcode` headers, else the server's configured ones.
 * Errors describe the problem without repeating either value.
 */
export function readCredentials(
  headers: Headers,
  configured: ManagementCredentials,
): Result<ManagementCredentials> {
  const rawLogin = headers.get(LOGIN_HEADER);
  const rawPasscode = headers.get(PASSCODE_HEADER);
  if (rawLogin === null && rawPasscode === null) return { ok: true, value: configured };
  const login = decodeCredential(rawLogin ?? '');
  const passcode = decodeCredential(rawPasscode ?? '');
  if (login === null || passcode === null) {
    return { ok: false, error: 'The login or passcode header is not valid percent-encoding.' };
  }
  if (login === '') {
    return {
      ok: false,
      error:
        "The login is empty. Enter one, or send neither header to use the server's configured login.",
    };
  }
  if (login.includes(':')) {
    return {
      ok: false,
      error:
        'The login contains ":", which HTTP basic authentication cannot carry; the management API cannot be asked with it.',
    };
  }
  return { ok: true, value: { login, passcode } };
}

/** The `Authorization` header value for basic auth, UTF-8 encoded as RabbitMQ expects. */
export function basicAuthorization({ login, passcode }: ManagementCredentials): string {
  const bytes = new TextEncoder().encode(`${login}:${passcode}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
