import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/security/csp';

/**
 * Gives every page response a Content-Security-Policy with a nonce of its own. Next.js reads the
 * policy from the request headers set here and puts the nonce on the scripts it renders.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV !== 'production' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: static chunks and the API route's JSON need no policy of their own.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.svg|api/).*)' }],
};
