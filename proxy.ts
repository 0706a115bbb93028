import { NextResponse, type NextRequest } from 'next/server';
import { pageContentSecurityPolicy } from '@/lib/security/headers';

/**
 * Pages: a fresh CSP nonce per request. Next reads the policy from the request headers and puts
 * the nonce on the scripts it renders; the root layout reads x-nonce, so every page renders per request.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === 'development', request.nextUrl.pathname);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Not the API, not Next's static files: they carry the locked-down policy server.ts sets.
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico|openapi.json).*)' }],
};
