import { encode } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { startSession } from '@/lib/auth/sessions';

/** The session cookie's name over http, as next-auth names it (`__Secure-` prefixed over https). */
export const SESSION_COOKIE = 'authjs.session-token';

type SessionOptions = {
  /** When the session ends, in seconds since the epoch; an hour from now by default. */
  endsAt?: number;
  /** Sign with another secret, to forge a cookie the server must not accept. */
  secret?: string;
};

/**
 * The value of a `Cookie` header carrying a browser session for an agent, made as next-auth's
 * sign-in makes it (lib/auth/index.ts): a session row, and an encrypted JWT naming it with agentId and endsAt.
 */
export async function sessionCookie(agentId: number, options: SessionOptions = {}): Promise<string> {
  const endsAt = options.endsAt ?? Math.floor(Date.now() / 1000) + 3600;
  const sid = await startSession(getDb(), agentId, new Date(endsAt * 1000));
  const token = await encode({
    token: { agentId, endsAt, sid, sub: String(agentId) },
    secret: options.secret ?? process.env.AUTH_SECRET!,
    salt: SESSION_COOKIE,
  });
  return `${SESSION_COOKIE}=${token}`;
}

/** Headers of a call the web UI makes: the session cookie and the client header it always sends. */
export async function webHeaders(agentId: number, options: SessionOptions = {}): Promise<Record<string, string>> {
  return { cookie: await sessionCookie(agentId, options), 'x-loopdesk-client': 'web' };
}
