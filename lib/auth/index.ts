import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { clientIp } from '@/lib/api/client-ip';
import { requestIdOf } from '@/lib/api/request-id';
import { config, servedOverHttps } from '@/lib/config';
import { checkAgentCredentials, recordSignIn, recordSignOut, signInSchema } from './credentials';
import { endSession, sessionToken, startSession } from './sessions';

/** How long a "remember me" session lasts; without it, a session ends after a working day. */
export const REMEMBERED_SECONDS = 30 * 24 * 3600;
export const UNREMEMBERED_SECONDS = 12 * 3600;

class AccountInactive extends CredentialsSignin {
  code = 'inactive';
}
class TooManyAttempts extends CredentialsSignin {
  code = 'throttled';
}

/**
 * Browser sign-in: email and password of an agent, a session in a signed, encrypted JWT cookie.
 * The cookie then authenticates the UI's calls to /api/v1 (lib/api/auth.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: config().AUTH_SECRET,
  trustHost: true,
  useSecureCookies: servedOverHttps(),
  session: { strategy: 'jwt', maxAge: REMEMBERED_SECONDS },
  pages: { signIn: '/login' },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, remember: {} },
      async authorize(raw, request) {
        const input = signInSchema.safeParse(raw);
        if (!input.success) return null;
        const ip = clientIp(request);
        const result = await checkAgentCredentials(getDb(), input.data, ip ?? 'unknown');
        await recordSignIn(getDb(), input.data.email, result, { requestId: requestIdOf(request.headers), ip });
        if (!result.ok) {
          if (result.reason === 'throttled') throw new TooManyAttempts();
          if (result.reason === 'inactive') throw new AccountInactive();
          return null;
        }
        const { agent } = result;
        // Signing in again in the same browser replaces its session: the one its cookie names ends.
        const previous = await sessionToken(request);
        if (typeof previous?.sid === 'string') await endSession(getDb(), previous.sid);
        return { id: String(agent.id), email: agent.email, name: agent.name, remember: input.data.remember };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.agentId = Number(user.id);
        token.remember = user.remember === true;
        token.endsAt = Math.floor(Date.now() / 1000) + (user.remember ? REMEMBERED_SECONDS : UNREMEMBERED_SECONDS);
        token.sid = await startSession(getDb(), token.agentId, new Date(token.endsAt * 1000));
      }
      // A session without "remember me" ends on its own schedule, though the cookie may live longer.
      return typeof token.endsAt === 'number' && token.endsAt < Date.now() / 1000 ? null : token;
    },
    session({ session, token }) {
      return { ...session, agentId: Number(token.agentId) };
    },
  },
  events: {
    // Sign-out ends the session on the server too: a copy of the cookie kept elsewhere stops working.
    async signOut(message) {
      const token = 'token' in message ? message.token : undefined;
      if (typeof token?.sid === 'string') await endSession(getDb(), token.sid);
      if (typeof token?.agentId === 'number') await recordSignOut(getDb(), token.agentId, await signOutOrigin());
    },
  },
}));

/**
 * next-auth reports a sign-out without its request, but runs the report while answering it, so
 * Next's request headers are the sign-out request's: its id and the caller's address.
 */
async function signOutOrigin(): Promise<{ requestId: string; ip: string | null }> {
  const incoming = await headers();
  return { requestId: requestIdOf(incoming), ip: clientIp({ headers: incoming }) };
}
