import { refusalHeaders } from './headers';
import { err, ok, type Result } from '../util/result';

/** The methods the pages and the API answer; anything else is refused before Next.js sees it. */
export const ALLOWED_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
] as const;

/** A 405 ready to send: status, headers (security headers and `Allow`) and a plain-text body. */
export interface MethodRefusal {
  status: 405;
  headers: Record<string, string>;
  body: string;
}

/**
 * Whether Next.js may handle a request with this method. Methods that Node's `Request` refuses
 * (`TRACE`, `TRACK`, `CONNECT`) crash Next's proxy adapter before `proxy.ts` runs, which answers
 * a bare 500 without the security headers; `scripts/serve.ts` sends this 405 instead.
 * @example checkMethod('GET') // ok('GET')
 * @example checkMethod('TRACE') // err({ status: 405, headers: { Allow: 'GET, …' }, … })
 */
export function checkMethod(method: string | undefined): Result<string, MethodRefusal> {
  const known: readonly string[] = ALLOWED_METHODS;
  if (method !== undefined && known.includes(method)) return ok(method);
  return err({
    status: 405,
    headers: { ...refusalHeaders(), Allow: ALLOWED_METHODS.join(', ') },
    body: `Method not allowed. The dashboard answers ${ALLOWED_METHODS.join(', ')}.`,
  });
}
