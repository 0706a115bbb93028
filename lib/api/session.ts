import type { Db } from '@/db/client';
import { sessionOfToken, sessionToken } from '@/lib/auth/sessions';
import { publicUrl } from '@/lib/config';
import { permissionOfRole, type Authenticated } from '@/lib/context';
import { ForbiddenError, UnauthorizedError } from '@/lib/errors';
import { CLIENT_HEADER, WEB_CLIENT } from './client-header';

/**
 * The signed-in agent behind a browser session cookie, or null when the request carries none.
 * Cookies travel with cross-site requests too, so a session is accepted only with our client
 * header and, when the browser names one, a same-origin Origin (CSRF).
 */
export async function sessionAgent(db: Db, req: Request): Promise<Authenticated | null> {
  const token = await sessionToken(req);
  if (!token) return null;
  if (req.headers.get(CLIENT_HEADER) !== WEB_CLIENT) {
    throw new ForbiddenError(`A browser session must send ${CLIENT_HEADER}: ${WEB_CLIENT}; other clients use an API key`);
  }
  if (!sameOrigin(req)) throw new ForbiddenError('Cross-site request refused');
  const session = await sessionOfToken(db, token);
  if (!session) throw new UnauthorizedError('Your session has ended: sign in again');
  const permission = permissionOfRole(session.role);
  return { actor: { type: 'agent', agentId: session.agentId, permission, sessionHash: session.sessionHash }, rateLimit: null };
}

/**
 * Browsers send Origin on cross-origin requests and on same-origin ones that change something.
 * Same origin: the host the browser connected to (the Host header), or LOOPDESK_PUBLIC_URL's.
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return true;
  if (origin === new URL(publicUrl()).origin) return true;
  try {
    return new URL(origin).host === req.headers.get('host');
  } catch {
    return false;
  }
}
