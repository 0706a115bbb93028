import { z } from 'zod';
import { getDb } from '@/db/client';
import { readJson } from '@/lib/api/body';
import { clientIp } from '@/lib/api/client-ip';
import { errorToResponse } from '@/lib/api/error-response';
import { requestIdOf } from '@/lib/api/request-id';
import { sessionAgent } from '@/lib/api/session';
import { UnauthorizedError, ValidationError } from '@/lib/errors';
import { decideAuthorization } from '@/lib/oauth/authorize';

const decision = z.strictObject({ query: z.string().max(8192), approve: z.boolean() });

// POST /oauth/authorize/decision – the signed-in agent approves or denies an app (the consent page's buttons)
export async function POST(req: Request): Promise<Response> {
  const requestId = requestIdOf(req.headers);
  try {
    const db = getDb();
    // The browser session with our client header and a same-origin Origin: another site cannot approve for the agent.
    const session = await sessionAgent(db, req);
    if (session?.actor.type !== 'agent') throw new UnauthorizedError('Sign in to answer an app’s request');
    const parsed = decision.safeParse(await readJson(req, 16 * 1024));
    if (!parsed.success) throw new ValidationError([{ field: 'query', message: 'Send {query, approve}' }]);
    const { actor } = session;
    const ctx = { db, actor, requestId, ip: clientIp(req) };
    const role = actor.permission === 'admin' ? 'admin' : 'agent';
    const answer = await decideAuthorization(ctx, new URLSearchParams(parsed.data.query), { id: actor.agentId, role }, parsed.data.approve);
    if (answer.kind === 'refuse') throw new ValidationError([{ field: 'query', message: answer.message }]);
    return Response.json({ redirect_to: answer.location }, { headers: { 'Cache-Control': 'no-store', 'X-Request-Id': requestId } });
  } catch (error) {
    return errorToResponse(error, requestId);
  }
}
