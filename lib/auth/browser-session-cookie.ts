import { decode } from 'next-auth/jwt';
import { config, servedOverHttps } from '@/lib/config';

const sessionCookieName = () => `${servedOverHttps() ? '__Secure-' : ''}authjs.session-token`;

/**
 * next-auth gives every session cookie an expiry. A session without "remember me" should end
 * when the browser closes, so its cookie loses Expires and Max-Age here (a browser-session
 * cookie); the server-side end time (lib/auth/sessions.ts) still holds either way.
 */
export function withBrowserSessionCookies<R extends Request>(handler: (req: R) => Promise<Response>): (req: R) => Promise<Response> {
  return async (req) => {
    const response = await handler(req);
    const cookies = response.headers.getSetCookie();
    const name = sessionCookieName();
    if (!cookies.some((c) => c.startsWith(`${name}=`))) return response;
    const rewritten = await Promise.all(cookies.map((cookie) => (cookie.startsWith(`${name}=`) ? forBrowserSession(cookie, name) : cookie)));
    response.headers.delete('set-cookie');
    for (const cookie of rewritten) response.headers.append('set-cookie', cookie);
    return response;
  };
}

async function forBrowserSession(cookie: string, name: string): Promise<string> {
  const value = cookie.slice(name.length + 1).split(';')[0] ?? '';
  if (!value) return cookie; // a cookie being cleared
  const token = await decode({ token: value, secret: config().AUTH_SECRET ?? '', salt: name }).catch(() => null);
  if (!token || token.remember === true) return cookie;
  return cookie
    .split(';')
    .filter((part) => !/^\s*(expires|max-age)=/i.test(part))
    .join(';');
}
