import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/security/csp';
import { refusalHeaders } from '@/lib/security/headers';
import { allowedHostsFromEnv, isAllowedHost, MISDIRECTED_MESSAGE } from '@/lib/security/host-check';
import { isWellFormedPath } from '@/lib/security/request-path';

/** A refusal in plain text, with the headers every other answer carries. */
function refusal(status: number, message: string): NextResponse {
  return new NextResponse(message, { status, headers: refusalHeaders() });
}

/**
 * Answers only requests for the hosts the dashboard is served under (421 otherwise, before any
 * page or route runs), and gives every page response a Content-Security-Policy with a nonce of
 * its own. Next.js reads the policy from the request headers set here and puts the nonce on the
 * scripts it renders.
 */
export function proxy(request: NextRequest) {
  // Load balancers often probe by address; the health answer holds nothing worth rebinding for.
  const isHealthCheck = request.nextUrl.pathname === '/api/health';
  if (
    !isHealthCheck &&
    !isAllowedHost(request.headers.get('host'), allowedHostsFromEnv(process.env))
  ) {
    return refusal(421, MISDIRECTED_MESSAGE);
  }
  if (!isWellFormedPath(request.nextUrl.pathname)) {
    return refusal(
      400,
      'Bad request: the path has a "%" that does not start a valid percent-encoding.',
    );
  }
  // The API's JSON gets its policy (default-src 'none') from next.config.ts.
  if (request.nextUrl.pathname.startsWith('/api/')) return NextResponse.next();

  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    dev: process.env.NODE_ENV !== 'production',
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages and the API; static chunks hold no data and need no policy of their own.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.svg).*)' }],
};
