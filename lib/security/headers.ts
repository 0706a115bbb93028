/**
 * The security headers of every answer. Pages get a Content-Security-Policy with a fresh nonce
 * (proxy.ts; Next puts the nonce on its own scripts); everything else, JSON and files included,
 * gets a policy that allows nothing, and all answers get the rest (server.ts).
 */

/** Scripts only from this site or carrying this request's nonce; never inline otherwise, never framed. */
export function pageContentSecurityPolicy(nonce: string, dev: boolean, pathname = ''): string {
  // The consent page shows the app's logo, which lives on the app's own https site.
  const images = pathname === '/oauth/authorize' ? ' https:' : '';
  return [
    "default-src 'self'",
    // React's development build evaluates code; the production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes (charts, computed widths) are not scripts; a nonce here would forbid them.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data:${images}`,
    "font-src 'self'",
    // A PDF preview is the file fetched with the session's credentials and framed as a blob: URL of
    // type application/pdf (components/tickets/attachment-preview.tsx); nothing else is framed.
    "frame-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For answers that are not pages: an API answer or a download never runs or embeds anything. */
export const LOCKED_DOWN_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function securityHeaders(https: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': LOCKED_DOWN_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    // Only where Loopdesk is reached over https: a browser would otherwise refuse plain http for a year.
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
