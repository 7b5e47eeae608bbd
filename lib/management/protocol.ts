/**
 * What the browser and the `/api/management/...` route agree on: header names, how credentials
 * are written in them, and the JSON error body. Shared by `client.ts` (browser) and the route
 * (server), so neither can drift from the other.
 */

/** Header carrying the management login, written with `encodeURIComponent`. */
export const LOGIN_HEADER = 'x-stompwatch-login';
/** Header carrying the management passcode, written with `encodeURIComponent`. */
export const PASSCODE_HEADER = 'x-stompwatch-passcode';

/** The route's base path; the endpoint and vhost segments follow it. */
export const MANAGEMENT_ROUTE = '/api/management';

/** Login and passcode for the management API's basic auth. */
export interface ManagementCredentials {
  login: string;
  passcode: string;
}

/**
 * Why a management request failed, for code that reacts differently (e.g. asks for other
 * credentials on `unauthorized`). The `error` text is always enough for a person.
 */
export type ManagementErrorKind =
  | 'not-found' // off the allow-list, or the vhost does not exist
  | 'method-not-allowed'
  | 'cross-site'
  | 'misdirected' // the Host header is not one the dashboard is served under
  | 'bad-credentials-header'
  | 'credentials-required' // no login sent, and the server has none of its own to use
  | 'too-many-requests' // the proxy's concurrency limit; Retry-After says when to try again
  | 'unauthorized' // the management API refused the login
  | 'forbidden' // logged in, but not allowed to see this
  | 'unreachable'
  | 'timeout'
  | 'too-large' // the upstream answer is over the size the server reads
  | 'bad-upstream' // redirects, server errors, or an answer that is not the expected JSON
  | 'server-config';

/** The JSON body of every error answer of the route. Never holds upstream text or credentials. */
export interface ManagementErrorBody {
  error: string;
  kind: ManagementErrorKind;
}

/**
 * Writes a credential for a header: header values must be Latin-1, passcodes need not be.
 * @example encodeCredential('pässword') // 'p%C3%A4ssword'
 */
export function encodeCredential(value: string): string {
  return encodeURIComponent(value);
}

/** Reverses {@link encodeCredential}; null when the text is not valid percent-encoding. */
export function decodeCredential(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
