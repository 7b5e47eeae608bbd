/**
 * True when every `%` in a request path starts a valid UTF-8 percent-encoding. Next.js answers
 * a malformed one on a dynamic route (`/api/management/%ZZ`) with a bare 500 that skips the
 * security headers, so `proxy.ts` refuses it first, with a 400 that has them.
 * @example isWellFormedPath('/api/management/queues/%2F') // true
 * @example isWellFormedPath('/api/management/%ZZ') // false
 */
export function isWellFormedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
